using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace RagApp.Cli.Tests;

/// <summary>
/// The real program as separate processes: killed with SIGKILL mid-ingestion and restarted, and two ingestions on one
/// index at once. Afterwards the index must hold exactly what a clean run produces: no duplicates, nothing lost.
/// </summary>
public sealed class ProcessTests : IDisposable
{
    private const int Files = 40;
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Ingest_KilledMidwayThenRestarted_EndsExactlyLikeACleanRun()
    {
        var docs = WriteCorpus();
        var expected = await CleanRunAsync(docs);
        var index = _temp.Combine("index");

        using (var first = RagAppRunner.Start(_temp.Path, "ingest", docs, "--index", index))
        {
            // Let it load the model and store part of the folder, then kill it without warning.
            await WaitForStoredDocumentsAsync(index, TimeSpan.FromSeconds(60));
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        var restart = await RagAppRunner.ProcessAsync(_temp.Path, "ingest", docs, "--index", index, "--json");
        var status = await RagAppRunner.ProcessAsync(_temp.Path, "status", "--index", index, "--json");

        Assert.True(restart.ExitCode == 0, restart.Stderr);
        Assert.Equal(expected, Counts(status.Stdout));
    }

    [Fact]
    public async Task Ingest_TwoProcessesOnOneIndex_BothFinishAndTheIndexIsExact()
    {
        var docs = WriteCorpus();
        var expected = await CleanRunAsync(docs);
        var index = _temp.Combine("index");

        using var a = RagAppRunner.Start(_temp.Path, "ingest", docs, "--index", index, "--json");
        using var b = RagAppRunner.Start(_temp.Path, "ingest", docs, "--index", index, "--json");
        var errors = await Task.WhenAll(a.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken), b.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken));
        await Task.WhenAll(a.WaitForExitAsync(TestContext.Current.CancellationToken), b.WaitForExitAsync(TestContext.Current.CancellationToken));
        var status = await RagAppRunner.ProcessAsync(_temp.Path, "status", "--index", index, "--json");

        // The second waits for the first (or, after a minute, refuses with a clear message); neither corrupts the index.
        foreach (var (process, error) in new[] { (a, errors[0]), (b, errors[1]) })
        {
            Assert.True(process.ExitCode == 0 || error.Contains("another `ragapp ingest`", StringComparison.Ordinal), error);
        }

        Assert.Contains("waiting for another `ragapp ingest`", errors[0] + errors[1], StringComparison.Ordinal);
        Assert.Equal(expected, Counts(status.Stdout));
    }

    [Fact]
    public async Task IngestWatch_FileAddedThenDeleted_IndexFollows()
    {
        var docs = SampleDocuments.CopyTo(_temp.Combine("watched"));
        var index = _temp.Combine("index");
        using var watcher = RagAppRunner.Start(_temp.Path, "ingest", docs, "--index", index, "--watch");
        try
        {
            // The first line on standard output is the initial summary; changes are picked up after that.
            var first = await watcher.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken);
            Assert.Contains("3 added", first, StringComparison.Ordinal);

            await File.WriteAllTextAsync(Path.Combine(docs, "rye.md"), "# Rye\n\nRye flour ferments faster than wheat flour.\n", TestContext.Current.CancellationToken);
            Assert.Equal(4, await WaitForDocumentsAsync(index, 4));

            File.Delete(Path.Combine(docs, "flour-notes.txt"));
            Assert.Equal(3, await WaitForDocumentsAsync(index, 3));
        }
        finally
        {
            watcher.Kill(entireProcessTree: true);
            await watcher.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }

    private async Task<long> WaitForDocumentsAsync(string index, long expected)
    {
        var clock = Stopwatch.StartNew();
        long documents = -1;
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            var status = await RagAppRunner.ProcessAsync(_temp.Path, "status", "--index", index, "--json");
            documents = status.ExitCode == 0 ? Counts(status.Stdout).Documents : -1;
            if (documents == expected)
            {
                break;
            }

            await Task.Delay(500, TestContext.Current.CancellationToken);
        }

        return documents;
    }

    private string WriteCorpus()
    {
        var docs = _temp.Combine("docs");
        Directory.CreateDirectory(docs);
        for (var i = 0; i < Files; i++)
        {
            var text = new StringBuilder($"# Note {i}\n\n");
            for (var p = 0; p < 6; p++)
            {
                text.Append($"Paragraph {p} of note {i} describes experiment {i * 7 + p}: the sample was heated to {20 + p} degrees, ")
                    .Append("stirred for several minutes, cooled slowly and weighed again; the readings were written in the lab book ")
                    .Append($"together with the batch number {i}-{p} and the name of the person on duty that day.\n\n");
            }

            File.WriteAllText(Path.Combine(docs, $"note-{i:D3}.md"), text.ToString());
        }

        return docs;
    }

    private async Task<(long Documents, long Chunks)> CleanRunAsync(string docs)
    {
        var clean = await RagAppRunner.InProcessAsync("ingest", docs, "--index", _temp.Combine("clean"), "--json");
        Assert.Equal(0, clean.ExitCode);
        var counts = Counts(clean.Stdout);
        Assert.Equal(Files, counts.Documents);
        return counts;
    }

    private static async Task WaitForStoredDocumentsAsync(string index, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var database = Path.Combine(index, "index.db-wal");
        while (clock.Elapsed < timeout && !(File.Exists(database) && new FileInfo(database).Length > 64 * 1024))
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    private static (long Documents, long Chunks) Counts(string json)
    {
        using var document = JsonDocument.Parse(json);
        return (document.RootElement.GetProperty("documents").GetInt64(), document.RootElement.GetProperty("chunks").GetInt64());
    }
}
