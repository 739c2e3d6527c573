using Microsoft.Extensions.Logging.Abstractions;
using RagApp.Core.Evaluation;
using RagApp.Core.Options;
using RagApp.Core.Retrieval;
using RagApp.Core.Tests.Fakes;
using Xunit;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace RagApp.Core.Tests.Evaluation;

public sealed class BeirEvaluatorTests
{
    private readonly BeirDataset _dataset = BeirDataset.Load(BeirSample.Corpus, BeirSample.Queries, BeirSample.Qrels);

    [Fact]
    public async Task EvaluateAsync_ScriptedRankings_AveragesPerQueryMetrics()
    {
        var retriever = new ScriptedRetriever();
        retriever.Answer(_dataset.Queries[0].Text, ("d1", null), ("d1", null), ("d15", null)); // ideal: d1 (2) then d15 (1)
        retriever.Answer(_dataset.Queries[1].Text, ("d9", null), ("d4", null));                // relevant at rank 2
        var progress = new List<int>();

        var result = await new BeirEvaluator(retriever).EvaluateAsync(
            _dataset, RetrievalMode.Keyword, new SynchronousProgress(progress), TestContext.Current.CancellationToken);

        // q1: every metric 1; q2: nDCG 1/log2(3), recall 1, RR 0.5; q3 to q5 find nothing.
        Assert.Equal("keyword", result.Mode);
        Assert.Equal(5, result.Queries);
        Assert.Equal(15, result.Documents);
        Assert.Equal((1 + 0.6309297535714575) / 5, result.NdcgAt10, 12);
        Assert.Equal(2.0 / 5, result.RecallAt10, 12);
        Assert.Equal(2.0 / 5, result.RecallAt100, 12);
        Assert.Equal(1.5 / 5, result.MrrAt10, 12);
        Assert.Equal([1, 2, 3, 4, 5], progress);
        Assert.All(retriever.Requests.Skip(1), r => Assert.Equal((200, RetrievalMode.Keyword), (r.Top, r.Mode!.Value)));
        Assert.True(result.QueryMsP95 >= result.QueryMsP50);
    }

    [Fact]
    public async Task EvaluateAsync_DocumentWithTheQuerysId_IsIgnoredAsInBeir()
    {
        var retriever = new ScriptedRetriever();
        retriever.Answer(_dataset.Queries[1].Text, ("q2", null), ("d4", null));

        var result = await new BeirEvaluator(retriever).EvaluateAsync(_dataset, RetrievalMode.Dense, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(1.0 / 5, result.MrrAt10, 12);
    }

    [Fact]
    public async Task EvaluateAsync_SampleIndexedInMemory_FindsEveryRelevantDocumentInEachMode()
    {
        using var generator = new TestEmbeddingGenerator();
        await using var store = new InMemoryIndexStore();
        foreach (var document in _dataset.Corpus)
        {
            store.Add(TestChunks.Create(document.Id, document.ToIndexText(), generator));
        }

        var retriever = new HybridRetriever(store, generator, MsOptions.Create(new RetrievalOptions()), NullLogger<HybridRetriever>.Instance);

        var results = await new BeirEvaluator(retriever).EvaluateAsync(
            _dataset, [RetrievalMode.Keyword, RetrievalMode.Dense, RetrievalMode.Hybrid], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["keyword", "dense", "hybrid"], results.Select(r => r.Mode));
        Assert.Equal(1.0, results.Single(r => r.Mode == "hybrid").RecallAt100, 12); // dense and fused lists hold every chunk
        Assert.All(results, r => Assert.InRange(r.NdcgAt10, 0.5, 1.0));
    }

    private sealed class SynchronousProgress(List<int> reports) : IProgress<int>
    {
        public void Report(int value) => reports.Add(value);
    }
}
