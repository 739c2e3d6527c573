using System.ComponentModel;
using Microsoft.Extensions.Options;
using RagApp.Cli.Hosting;
using RagApp.Cli.Rendering;
using RagApp.Core.Ingestion;
using RagApp.Core.Options;
using Spectre.Console.Cli;

namespace RagApp.Cli.Commands;

/// <summary><c>ragapp ingest [PATH ...]</c>: brings the index in step with files and folders.</summary>
public sealed class IngestCommand(
    IndexAccess index,
    DocumentIngestor ingestor,
    IngestionReporter reporter,
    IOptions<IngestionOptions> options) : AsyncCommand<IngestCommand.Settings>
{
    public sealed class Settings : JsonSettings
    {
        [CommandArgument(0, "[PATH]")]
        [Description("Files and folders to ingest (default: Ingestion:DocumentsPath, documents/)")]
        public string[] Paths { get; init; } = [];
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var paths = settings.Paths.Length > 0 ? settings.Paths : [options.Value.DocumentsPath];
        foreach (var path in paths)
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                throw new UsageException($"'{path}': no such file or folder");
            }
        }

        using var writerLock = index.IsEmbedded
            ? await IndexLock.AcquireAsync(index.IndexPath, TimeSpan.FromSeconds(60), reporter.Waiting, cancellationToken)
            : null;
        var store = await index.OpenAsync(create: true, cancellationToken);
        var summary = await reporter.RunAsync(progress => ingestor.IngestAsync(paths, progress, cancellationToken));
        reporter.Summarise(summary, settings.Json);
        return summary.Failed.Count > 0 ? ExitCodes.PartialFailure : ExitCodes.Success;
    }
}
