using System.Text.Json;

namespace RagApp.Cli.Tests;

/// <summary>The walking skeleton as a user meets it: real files, the packaged encoder, a real SQLite index.</summary>
public sealed class EndToEndTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task IngestThenAsk_SampleDocuments_CitesTheHandbookPage()
    {
        var docs = SampleDocuments.CopyTo(_temp.Combine("documents"));
        var index = _temp.Combine("index");

        var ingest = await RagAppRunner.InProcessAsync("ingest", docs, "--index", index, "--json");
        Assert.Equal(0, ingest.ExitCode);
        using var summary = JsonDocument.Parse(ingest.Stdout);
        Assert.Equal(3, summary.RootElement.GetProperty("added").GetInt32());
        Assert.True(summary.RootElement.GetProperty("chunks").GetInt32() >= 3);

        var ask = await RagAppRunner.InProcessAsync("ask", "How often should I feed my starter?", "--index", index, "--json");
        Assert.Equal(0, ask.ExitCode);
        using var answer = JsonDocument.Parse(ask.Stdout);
        Assert.True(answer.RootElement.GetProperty("grounded").GetBoolean());
        Assert.Equal("extractive", answer.RootElement.GetProperty("provider").GetString());
        Assert.Contains("12 hours", answer.RootElement.GetProperty("answer").GetString(), StringComparison.Ordinal);
        var citations = answer.RootElement.GetProperty("citations").EnumerateArray().ToList();
        Assert.Contains(citations, c => c.GetProperty("source").GetString() == "sourdough-starter-handbook.pdf" && c.GetProperty("page").GetInt32() == 2);
    }

    [Fact]
    public async Task Ingest_SecondRun_EmbedsNothingAndKeepsCounts()
    {
        var docs = SampleDocuments.CopyTo(_temp.Combine("documents"));
        var index = _temp.Combine("index");
        var first = await RagAppRunner.InProcessAsync("ingest", docs, "--index", index, "--json");
        Assert.Equal(0, first.ExitCode);

        // Touch a file without changing it: the content hash says it is unchanged.
        File.SetLastWriteTimeUtc(Path.Combine(docs, "flour-notes.txt"), DateTime.UtcNow.AddMinutes(-5));
        var second = await RagAppRunner.InProcessAsync("ingest", docs, "--index", index, "--json");

        Assert.Equal(0, second.ExitCode);
        using var a = JsonDocument.Parse(first.Stdout);
        using var b = JsonDocument.Parse(second.Stdout);
        Assert.Equal(3, b.RootElement.GetProperty("unchanged").GetInt32());
        Assert.Equal(0, b.RootElement.GetProperty("embeddedChunks").GetInt32());
        Assert.Equal(a.RootElement.GetProperty("chunks").GetInt32(), b.RootElement.GetProperty("chunks").GetInt32());
        Assert.InRange(a.RootElement.GetProperty("peakMemoryMb").GetDouble(), 50, 64 * 1024); // the process's, model included
    }

    [Fact]
    public async Task Ask_UnrelatedQuestion_IsNotGrounded()
    {
        var docs = SampleDocuments.CopyTo(_temp.Combine("documents"));
        var index = _temp.Combine("index");
        Assert.Equal(0, (await RagAppRunner.InProcessAsync("ingest", docs, "--index", index)).ExitCode);

        var ask = await RagAppRunner.InProcessAsync("ask", "Which orbit does the Hubble telescope follow?", "--index", index, "--json");

        Assert.Equal(0, ask.ExitCode);
        using var answer = JsonDocument.Parse(ask.Stdout);
        Assert.False(answer.RootElement.GetProperty("grounded").GetBoolean());
        Assert.Empty(answer.RootElement.GetProperty("citations").EnumerateArray());
    }

    [Fact]
    public async Task Search_Json_RanksTheObviousChunkFirst()
    {
        var docs = SampleDocuments.CopyTo(_temp.Combine("documents"));
        var index = _temp.Combine("index");
        Assert.Equal(0, (await RagAppRunner.InProcessAsync("ingest", docs, "--index", index)).ExitCode);

        foreach (var mode in new[] { "hybrid", "dense", "keyword" })
        {
            var search = await RagAppRunner.InProcessAsync("search", "refrigerator storage weekly feeding", "--index", index, "--json", "--mode", mode, "--top", "3");
            Assert.Equal(0, search.ExitCode);
            using var results = JsonDocument.Parse(search.Stdout);
            var top = results.RootElement.GetProperty("results")[0];
            Assert.Equal(1, top.GetProperty("rank").GetInt32());
            Assert.Equal("sourdough-starter-handbook.pdf", top.GetProperty("source").GetString());
            Assert.Equal(3, top.GetProperty("page").GetInt32());
            Assert.InRange(top.GetProperty("pageEnd").GetInt32(), 3, 4);
        }

        // Without --top, the configured Retrieval:Top decides how many.
        var config = _temp.Combine("top2.json");
        File.WriteAllText(config, """{"Retrieval":{"Top":2}}""");
        var configured = await RagAppRunner.InProcessAsync("search", "refrigerator storage weekly feeding", "--index", index, "--json", "--config", config);
        Assert.Equal(0, configured.ExitCode);
        using var two = JsonDocument.Parse(configured.Stdout);
        Assert.Equal(2, two.RootElement.GetProperty("results").GetArrayLength());
    }

    [Fact]
    public async Task Status_Json_DescribesTheIndex()
    {
        var docs = SampleDocuments.CopyTo(_temp.Combine("documents"));
        var index = _temp.Combine("index");
        Assert.Equal(0, (await RagAppRunner.InProcessAsync("ingest", docs, "--index", index)).ExitCode);

        var status = await RagAppRunner.InProcessAsync("status", "--index", index, "--json");

        Assert.Equal(0, status.ExitCode);
        using var json = JsonDocument.Parse(status.Stdout);
        Assert.Equal(3, json.RootElement.GetProperty("documents").GetInt32());
        Assert.Equal("all-MiniLM-L6-v2", json.RootElement.GetProperty("embeddingModel").GetString());
        Assert.Equal(384, json.RootElement.GetProperty("dimensions").GetInt32());
        Assert.StartsWith("sqlite", json.RootElement.GetProperty("store").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remove_Document_ForgetsItsChunks()
    {
        var docs = SampleDocuments.CopyTo(_temp.Combine("documents"));
        var index = _temp.Combine("index");
        Assert.Equal(0, (await RagAppRunner.InProcessAsync("ingest", docs, "--index", index)).ExitCode);

        var remove = await RagAppRunner.InProcessAsync("remove", "weekend-bread-schedule.md", "--index", index, "--json");
        var search = await RagAppRunner.InProcessAsync("search", "levain", "--index", index, "--json", "--mode", "keyword");

        Assert.Equal(0, remove.ExitCode);
        using var removed = JsonDocument.Parse(remove.Stdout);
        Assert.Equal(1, removed.RootElement.GetProperty("removed").GetInt32());
        Assert.Equal(2, removed.RootElement.GetProperty("documents").GetInt32());
        Assert.DoesNotContain("weekend-bread-schedule.md", search.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvalHits_ParaphraseSet_DefaultHybridIsNotBelowEitherSingleMode()
    {
        // The retrieval issue's rule: on questions that avoid the documents' wording, the default fusion must not fall
        // below the better of dense and keyword alone.
        var docs = SampleDocuments.CopyTo(_temp.Combine("documents"));
        var index = _temp.Combine("index");
        Assert.Equal(0, (await RagAppRunner.InProcessAsync("ingest", docs, "--index", index)).ExitCode);
        var questions = Path.Combine(AppContext.BaseDirectory, "TestData", "paraphrase", "questions.jsonl");

        var run = await RagAppRunner.InProcessAsync("eval-hits", "--questions", questions, "--index", index, "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var hits = json.RootElement.EnumerateArray().ToDictionary(m => m.GetProperty("mode").GetString()!, m => m.GetProperty("hits").GetInt32());
        Assert.True(hits["hybrid"] >= Math.Max(hits["dense"], hits["keyword"]), run.Stdout);
        Assert.True(hits["hybrid"] >= 30, run.Stdout); // 32 of 34 when measured
    }
}
