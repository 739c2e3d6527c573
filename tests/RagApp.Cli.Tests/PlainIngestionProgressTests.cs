using RagApp.Cli.Hosting;
using RagApp.Cli.Rendering;
using RagApp.Core.Ingestion;
using Spectre.Console;

namespace RagApp.Cli.Tests;

/// <summary>The plain progress lines of <c>ingest</c> when standard error is not a terminal.</summary>
public sealed class PlainIngestionProgressTests
{
    [Fact]
    public void StatusLine_NamesTheFileBeingEmbeddedAndTheOneBeingRead()
    {
        var line = PlainIngestionProgress.StatusLine(new IngestionProgress(1, 3, 256, "a.pdf") { Reading = "c.md", Embedding = "b.pdf" });

        Assert.Equal("1/3 files, 256 chunks embedded; embedding b.pdf; reading c.md", line);
    }

    [Fact]
    public void StatusLine_EncoderStillLoading_SaysSo()
    {
        // A first run on a new index (or int8's first use) waits seconds for the encoder with nothing embedded yet.
        var line = PlainIngestionProgress.StatusLine(new IngestionProgress(0, 1, 0, "a.txt") { Embedding = "a.txt", LoadingEncoder = true });

        Assert.Equal("0/1 files, 0 chunks embedded; embedding a.txt (loading the encoder)", line);
    }

    [Fact]
    public async Task Report_LongSilence_RepeatsTheStatusUntilTheRunEnds_AndTheFinalCountOnce()
    {
        // The status is written from a timer thread: the synchronised writer locks itself around each write, and Lines
        // takes the same lock to read.
        var text = new StringWriter();
        var writer = TextWriter.Synchronized(text);
        var error = new ErrorConsole(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) }), writer, isTerminal: false);
        using (var progress = new PlainIngestionProgress(error, quiet: TimeSpan.FromMilliseconds(100), checkEvery: TimeSpan.FromMilliseconds(20)))
        {
            // A single large PDF: one report when reading starts, then nothing for a while.
            progress.Report(new IngestionProgress(0, 1, 0, "big.pdf") { Reading = "big.pdf" });
            await WaitForLinesAsync(writer, text, 2);

            progress.Report(new IngestionProgress(1, 1, 40, "big.pdf"));
            progress.Report(new IngestionProgress(1, 1, 40, null));
        }

        var lines = Lines(writer, text);
        await Task.Delay(200, TestContext.Current.CancellationToken);

        Assert.True(lines.Length >= 3, string.Join(" | ", lines));
        Assert.All(lines[..^1], l => Assert.Equal("0/1 files, 0 chunks embedded; reading big.pdf", l));
        Assert.Equal("1/1 files, 40 chunks embedded", lines[^1]);
        Assert.Equal(lines, Lines(writer, text)); // nothing written once disposed
    }

    private static string[] Lines(TextWriter writer, StringWriter text)
    {
        lock (writer)
        {
            return text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
    }

    private static async Task WaitForLinesAsync(TextWriter writer, StringWriter text, int count)
    {
        for (var i = 0; i < 250 && Lines(writer, text).Length < count; i++)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
