using System.Text.Json;

namespace RagApp.Cli.Tests;

/// <summary><c>bench search</c>: each run a real child <c>ragapp search</c> on a real index; failures carry the child's reason.</summary>
public sealed class BenchSearchTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task TwoRunsOnTheSampleIndex_JsonHasEachProcessTimeAndTheResults()
    {
        var index = _temp.Combine("index");
        Assert.Equal(0, (await RagAppRunner.InProcessAsync("ingest", SampleDocuments.CopyTo(_temp.Combine("documents")), "--index", index)).ExitCode);

        var run = await RagAppRunner.InProcessAsync("bench", "search", "how often to feed the starter", "--runs", "2", "--mode", "dense", "--json", "--index", index);

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.Equal("dense", root.GetProperty("mode").GetString());
        var seconds = root.GetProperty("seconds").EnumerateArray().Select(e => e.GetDouble()).ToList();
        Assert.Equal(2, seconds.Count);
        Assert.All(seconds, s => Assert.True(s > 0));
        Assert.InRange(root.GetProperty("medianSeconds").GetDouble(), seconds.Min(), seconds.Max());

        // The child's own retrieval time is part of its lifetime.
        Assert.InRange(root.GetProperty("medianRetrievalMs").GetDouble(), 0.001, seconds.Max() * 1000);
        Assert.True(root.GetProperty("results").GetInt32() > 0);
    }

    [Fact]
    public async Task NoIndex_FailsWithTheSearchsReason()
    {
        var run = await RagAppRunner.InProcessAsync("bench", "search", "--runs", "1", "--index", _temp.Combine("missing"));

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains("run `ragapp ingest` first", line, StringComparison.Ordinal);
    }
}
