using RagApp.Cli.Hosting;
using RagApp.Core.Ingestion;
using Spectre.Console;

namespace RagApp.Cli.Rendering;

/// <summary>
/// Shows ingestion progress on standard error (a live bar with files, chunks, chunks/s, ETA and the file being worked on,
/// on a terminal; plain lines otherwise) and the summary on standard output (text or the contract's JSON).
/// </summary>
public sealed class IngestionReporter(CommandOutput output, ErrorConsole error)
{
    public void Waiting() => error.WriteLine("waiting for another `ragapp ingest` on this index to finish...");

    public void Watching(IEnumerable<string> paths) =>
        error.WriteLine($"watching {string.Join(", ", paths)} for changes; Ctrl+C to stop");

    /// <summary>Plain progress lines on standard error (see <see cref="PlainIngestionProgress"/>); dispose it when the run ends.</summary>
    public PlainIngestionProgress PlainProgress() => new(error);

    public async Task<IngestionSummary> RunAsync(Func<IProgress<IngestionProgress>, Task<IngestionSummary>> run)
    {
        if (!error.IsTerminal)
        {
            using var plain = PlainProgress();
            return await run(plain);
        }

        IngestionSummary? summary = null;
        await error.Console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask("files", maxValue: 1);
                var started = DateTime.UtcNow;
                summary = await run(new SyncProgress<IngestionProgress>(p =>
                {
                    if (p.Message is not null)
                    {
                        error.Console.MarkupLine($"[yellow]{Markup.Escape(p.Message)}[/]");
                    }

                    var rate = p.ChunksEmbedded / Math.Max(0.001, (DateTime.UtcNow - started).TotalSeconds);
                    task.MaxValue = Math.Max(1, p.FilesTotal);
                    task.Value = p.FilesDone;
                    var now = p.Embedding is { } embedding ? $", embedding {embedding}" : p.Reading is { } reading ? $", reading {reading}" : string.Empty;
                    task.Description = Markup.Escape($"{p.FilesDone}/{p.FilesTotal} files, {p.ChunksEmbedded} chunks, {rate:F1} chunks/s{now}");
                }));
            });
        return summary!;
    }

    public void Summarise(IngestionSummary summary, bool json)
    {
        if (json)
        {
            summary.PeakMemoryMb = PeakMemory.Megabytes();
            output.WriteJson(summary);
            return;
        }

        output.WriteLine($"{summary.Added} added, {summary.Updated} updated, {summary.Unchanged} unchanged, {summary.Removed} removed; "
            + $"{summary.Documents} documents, {summary.Chunks} chunks in the index ({summary.EmbeddedChunks} chunks embedded, {summary.ReusedChunks} reused) in {summary.Seconds:F1} s");
        foreach (var skip in summary.Skipped)
        {
            output.WriteLine($"skipped {skip.Path}: {skip.Reason}");
        }

        foreach (var failure in summary.Failed)
        {
            error.WriteLine($"failed {failure.Path}: {failure.Error}");
        }
    }
}
