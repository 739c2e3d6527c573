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
    private const int BarWidth = 20;

    // The bar, percentage, remaining time and spinner columns with the gaps between them.
    private const int OtherColumnsWidth = BarWidth + 4 + 1 + 8 + 1 + 1 + 1 + 4;

    private const int MinNameWidth = 8;

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
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn { Width = BarWidth }, new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
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
                    task.Description = Markup.Escape(BarDescription(p, rate, error.Console.Profile.Width));
                }));
            });
        return summary!;
    }

    /// <summary>
    /// The live bar's text: counts, rate and the file being embedded (else read), by its name cut to what the line has
    /// room for. Spectre shows only "…" for a description wider than its column, so it must fit.
    /// </summary>
    internal static string BarDescription(IngestionProgress p, double rate, int width)
    {
        var counts = $"{p.FilesDone}/{p.FilesTotal} files, {p.ChunksEmbedded} chunks, {rate:F1} chunks/s";
        var (verb, file) = p.Embedding is { } embedding ? (p.LoadingEncoder ? "loading the encoder for" : "embedding", embedding)
            : p.Reading is { } reading ? ("reading", reading) : (null, null);
        var room = width - OtherColumnsWidth - counts.Length - $", {verb} ".Length;
        if (verb is null || room < MinNameWidth)
        {
            return counts;
        }

        var name = Path.GetFileName(file!);
        return $"{counts}, {verb} {(name.Length <= room ? name : string.Concat(name.AsSpan(0, room - 1), "…"))}";
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
            output.WriteLine(OneLine.Of($"skipped {skip.Path}: {skip.Reason}"));
        }

        foreach (var failure in summary.Failed)
        {
            error.WriteLine(OneLine.Of($"failed {failure.Path}: {failure.Error}"));
        }
    }
}
