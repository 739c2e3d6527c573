using System.ComponentModel;
using System.Text.Json.Serialization;
using RagApp.Cli.Hosting;
using Spectre.Console.Cli;

namespace RagApp.Cli.Commands;

/// <summary><c>ragapp remove PATH ...</c>: forgets documents (by their source name, their path on disk, or a folder of them).</summary>
public sealed class RemoveCommand(IndexAccess index, CommandOutput output, ErrorConsole error) : AsyncCommand<RemoveCommand.Settings>
{
    public sealed class Settings : JsonSettings
    {
        [CommandArgument(0, "<PATH>")]
        [Description("Documents to forget: source names as `status`/`search` show them, file paths, or folders")]
        public string[] Paths { get; init; } = [];
    }

    public sealed record Result(
        [property: JsonPropertyName("removed")] int Removed,
        [property: JsonPropertyName("notFound")] IReadOnlyList<string> NotFound,
        [property: JsonPropertyName("documents")] long Documents,
        [property: JsonPropertyName("chunks")] long Chunks);

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var store = await index.OpenExistingForWritingAsync(cancellationToken);
        var manifests = new List<Core.Retrieval.DocumentManifest>();
        await foreach (var manifest in store.ListDocumentsAsync(cancellationToken))
        {
            manifests.Add(manifest);
        }

        var removed = 0;
        var notFound = new List<string>();
        foreach (var path in settings.Paths)
        {
            var full = Path.GetFullPath(path);
            var folder = full.EndsWith(Path.DirectorySeparatorChar) ? full : full + Path.DirectorySeparatorChar;
            var matches = manifests.Where(m => string.Equals(m.Source, path, StringComparison.Ordinal)
                || string.Equals(m.FullPath, full, StringComparison.Ordinal)
                || m.FullPath.StartsWith(folder, StringComparison.Ordinal)).ToList();
            if (matches.Count == 0)
            {
                notFound.Add(path);
                error.WriteLine($"not in the index: {path}");
            }

            foreach (var match in matches)
            {
                if (await store.RemoveDocumentAsync(match.Source, cancellationToken))
                {
                    removed++;
                    manifests.Remove(match);
                }
            }
        }

        var statistics = await store.GetStatisticsAsync(cancellationToken);
        var result = new Result(removed, notFound, statistics.Documents, statistics.Chunks);
        if (settings.Json)
        {
            output.WriteJson(result);
        }
        else
        {
            output.WriteLine($"{removed} documents removed; {statistics.Documents} documents, {statistics.Chunks} chunks left");
        }

        return notFound.Count > 0 && removed == 0 ? ExitCodes.Fatal : ExitCodes.Success;
    }
}
