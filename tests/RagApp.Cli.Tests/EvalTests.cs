using System.Text.Json;

namespace RagApp.Cli.Tests;

/// <summary><c>eval</c> on a small BEIR-format set: re-using <c>--index</c> when the corpus changes, and what it refuses.</summary>
public sealed class EvalTests : IDisposable
{
    private static readonly (string Id, string Title, string Text)[] Corpus =
    [
        ("d1", "Sourdough", "Feed a sourdough starter with equal weights of flour and water once a day."),
        ("d2", "Bicycles", "Check bicycle tyre pressure weekly; road tyres need more pressure than mountain tyres."),
        ("d3", "Tides", "Tides are caused mainly by the gravitational pull of the moon on the oceans."),
        ("d4", "Compost", "A compost heap needs a mix of green and brown material and regular turning."),
        ("d5", "Violins", "Violin strings are tuned in fifths: G, D, A and E."),
    ];

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ReusedIndex_CorpusShrinks_DocumentsThatLeftAreRemoved()
    {
        var index = _temp.Combine("eval-index");
        var first = await EvalAsync(Corpus, index);
        Assert.Equal(0, first.ExitCode);
        Assert.Equal(5, Json(first).GetProperty("documents").GetInt32());

        var second = await EvalAsync(Corpus[..3], index);

        Assert.Equal(0, second.ExitCode);
        Assert.Equal(3, Json(second).GetProperty("documents").GetInt32());
        var status = await RagAppRunner.InProcessAsync("status", "--index", index, "--json");
        Assert.Equal(3, Json(status).GetProperty("documents").GetInt32());
        Assert.Equal(1.0, Json(second).GetProperty("ndcg@10").GetDouble(), 3);
    }

    [Fact]
    public async Task IndexOfTheUsersDocuments_IsRefusedAndLeftAsItWas()
    {
        var docs = SampleDocuments.CopyTo(_temp.Combine("documents"));
        var index = _temp.Combine("index");
        Assert.Equal(0, (await RagAppRunner.InProcessAsync("ingest", docs, "--index", index)).ExitCode);
        var before = Json(await RagAppRunner.InProcessAsync("status", "--index", index, "--json")).GetProperty("documents").GetInt32();

        var run = await EvalAsync(Corpus, index);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("eval did not write", run.Stderr, StringComparison.Ordinal);
        var after = Json(await RagAppRunner.InProcessAsync("status", "--index", index, "--json")).GetProperty("documents").GetInt32();
        Assert.Equal(before, after);
        Assert.False(Directory.Exists(Path.Combine(index, "beir-corpus")));
    }

    [Fact]
    public async Task TopZero_IsAUsageErrorBeforeAnythingIsIndexed()
    {
        var index = _temp.Combine("eval-index");

        var run = await EvalAsync(Corpus, index, "--top", "0");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: --top", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(index));
    }

    private async Task<RagAppRunner.Run> EvalAsync((string Id, string Title, string Text)[] corpus, string index, params string[] more)
    {
        var corpusFile = _temp.Combine("corpus.jsonl");
        var queriesFile = _temp.Combine("queries.jsonl");
        var qrelsFile = _temp.Combine("qrels.tsv");
        await File.WriteAllLinesAsync(corpusFile, corpus.Select(d => JsonSerializer.Serialize(new Dictionary<string, string> { ["_id"] = d.Id, ["title"] = d.Title, ["text"] = d.Text })));
        await File.WriteAllLinesAsync(queriesFile, [
            """{"_id":"q1","text":"how often should I feed my starter"}""",
            """{"_id":"q2","text":"what pulls the sea to make tides"}""",
        ]);
        await File.WriteAllLinesAsync(qrelsFile, ["query-id\tcorpus-id\tscore", "q1\td1\t1", "q2\td3\t1"]);
        return await RagAppRunner.InProcessAsync(
            ["eval", "--corpus", corpusFile, "--queries", queriesFile, "--qrels", qrelsFile, "--index", index, "--json", .. more]);
    }

    private static JsonElement Json(RagAppRunner.Run run)
    {
        using var document = JsonDocument.Parse(run.Stdout);
        return document.RootElement.Clone();
    }
}
