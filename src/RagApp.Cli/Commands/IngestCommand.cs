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

        [CommandOption("--watch")]
        [Description("Keep the index in step while files change, until Ctrl+C")]
        public bool Watch { get; init; }
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

        using var writerLock = await index.LockForWritingAsync(reporter.Waiting, cancellationToken);
        await index.OpenAsync(create: true, cancellationToken);

        // Watch before the first pass, so that a change made during or right after it is not missed.
        using var watcher = settings.Watch ? new ChangeWatcher(paths, TimeSpan.FromSeconds(1.5)) : null;
        var summary = await reporter.RunAsync(progress => ingestor.IngestAsync(paths, progress, cancellationToken));
        reporter.Summarise(summary, settings.Json && watcher is null);
        if (watcher is not null)
        {
            return await WatchAsync(watcher, paths, cancellationToken);
        }

        return summary.Failed.Count > 0 ? ExitCodes.PartialFailure : ExitCodes.Success;
    }

    /// <summary>Re-runs the incremental ingestion whenever changes settle; Ctrl+C ends it normally.</summary>
    private async Task<int> WatchAsync(ChangeWatcher watcher, string[] paths, CancellationToken cancellationToken)
    {
        reporter.Watching(paths);
        try
        {
            while (true)
            {
                await watcher.WaitForSettledChangeAsync(cancellationToken);
                IngestionSummary summary;
                using (var progress = reporter.PlainProgress())
                {
                    summary = await ingestor.IngestAsync(paths, progress, cancellationToken);
                }

                reporter.Summarise(summary, json: false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Success;
        }
    }
}
