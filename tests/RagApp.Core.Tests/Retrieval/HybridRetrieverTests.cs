using Xunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using RagApp.Core.Embeddings;
using RagApp.Core.Options;
using RagApp.Core.Retrieval;
using RagApp.Core.Tests.Fakes;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace RagApp.Core.Tests.Retrieval;

public sealed class HybridRetrieverTests : IAsyncDisposable
{
    private static readonly float[] s_axisX = [1, 0, 0, 0];
    private static readonly float[] s_axisY = [0, 1, 0, 0];
    private static readonly float[] s_axisZ = [0, 0, 1, 0];

    private readonly TestEmbeddingGenerator _generator = new(4);
    private readonly InMemoryIndexStore _store = new();
    private readonly RetrievalOptions _options = new();

    public async ValueTask DisposeAsync()
    {
        _generator.Dispose();
        await _store.DisposeAsync();
    }

    private HybridRetriever CreateRetriever() =>
        new(_store, _generator, MsOptions.Create(_options), NullLogger<HybridRetriever>.Instance);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public async Task RetrieveAsync_EmptyQuery_ThrowsArgumentExceptionSayingSo(string query)
    {
        var retriever = CreateRetriever();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => retriever.RetrieveAsync(new RetrievalRequest(query, 5), TestContext.Current.CancellationToken));

        Assert.Contains("query is empty", error.Message, StringComparison.Ordinal);
        Assert.Empty(_generator.Calls);
    }

    [Fact]
    public async Task RetrieveAsync_DenseMode_EmbedsAsQueryAndRanksBySimilarity()
    {
        _generator.Overrides["warm animals"] = s_axisX;
        _store.Add(
            TestChunks.Create("far", "far", _generator, vector: s_axisY),
            TestChunks.Create("near", "near", _generator, vector: [1, 0.2f, 0, 0]));

        var results = await CreateRetriever().RetrieveAsync(new RetrievalRequest("warm animals", 5, RetrievalMode.Dense), TestContext.Current.CancellationToken);

        var call = Assert.Single(_generator.Calls);
        Assert.True(EmbeddingPurpose.IsQuery(call.Options));
        Assert.Equal(["near", "far"], results.Select(r => r.Chunk.Id));
        Assert.Equal([1, 2], results.Select(r => r.Rank));
        Assert.Equal(results[0].Score, results[0].Similarity);
        Assert.True(results[0].IsRelevant);
        Assert.False(results[1].IsRelevant); // similarity 0 < MinRelevance 0.25
    }

    [Fact]
    public async Task RetrieveAsync_KeywordMode_NeverEmbedsAndJudgesRelevanceByMatchedWords()
    {
        _store.Add(
            TestChunks.Create("pump", "The coolant pump stalls under load.", _generator),
            TestChunks.Create("fan", "The fan fails when dusty.", _generator));

        var results = await CreateRetriever().RetrieveAsync(new RetrievalRequest("coolant pumps", 5, RetrievalMode.Keyword), TestContext.Current.CancellationToken);

        Assert.Empty(_generator.Calls);
        var hit = Assert.Single(results);
        Assert.Equal("pump", hit.Chunk.Id);
        Assert.Null(hit.Similarity);
        Assert.True(hit.IsRelevant);
        Assert.True(hit.Score > 0);
    }

    [Fact]
    public async Task RetrieveAsync_NoModeInRequest_UsesTheConfiguredMode()
    {
        _options.Mode = "keyword";
        _store.Add(TestChunks.Create("pump", "coolant pump", _generator));

        await CreateRetriever().RetrieveAsync(new RetrievalRequest("pump", 5), TestContext.Current.CancellationToken);

        Assert.Empty(_generator.Calls);
        Assert.Equal(0, _store.DenseSearches);
        Assert.Equal(1, _store.KeywordSearches);
    }

    [Fact]
    public async Task RetrieveAsync_Hybrid_FindsBothTheDenseOnlyAndTheKeywordOnlyMatch()
    {
        _store.ReturnVectors = false;
        _generator.Overrides["pump failure code"] = s_axisX;
        _store.Add(
            TestChunks.Create("meaning", "when the circulation unit breaks down", _generator, vector: s_axisX),
            TestChunks.Create("words", "pump failure code table", _generator, vector: s_axisY),
            TestChunks.Create("other", "sourdough starter feeding", _generator, vector: s_axisZ));

        var results = await CreateRetriever().RetrieveAsync(new RetrievalRequest("pump failure code", 2, RetrievalMode.Hybrid), TestContext.Current.CancellationToken);

        Assert.Equal(["meaning", "words"], results.Select(r => r.Chunk.Id).Order());
        var keywordOnly = results.Single(r => r.Chunk.Id == "words");
        Assert.Equal(0, keywordOnly.Similarity!.Value, 6); // from the stored vector, looked up by embedding hash
        Assert.False(keywordOnly.IsRelevant);
        Assert.True(results.Single(r => r.Chunk.Id == "meaning").IsRelevant);
        Assert.True(results[0].Score >= results[1].Score);
    }

    [Theory]
    [InlineData("score", false, "dense-winner")]
    [InlineData("score", true, "keyword-winner")]
    [InlineData("rrf", false, "dense-winner")]
    [InlineData("rrf", true, "keyword-winner")]
    public async Task RetrieveAsync_IdentifierQuery_AdaptiveWeightsPutTheKeywordHitFirst(string fusion, bool adaptive, string expectedFirst)
    {
        _options.Fusion = fusion;
        _options.AdaptiveWeights = adaptive;
        if (fusion == "rrf")
        {
            _options.Candidates = 1; // each list gives only its leader, so only the weights decide
        }

        _generator.Overrides["ERR_042 status"] = s_axisX;
        _store.Add(
            TestChunks.Create("dense-winner", "controller fault description", _generator, vector: AtCosine(0.50)),
            TestChunks.Create("keyword-winner", "ERR_042 means the pump stalled", _generator, vector: AtCosine(0.38)),
            TestChunks.Create("filler-1", "fan speed table", _generator, vector: AtCosine(0.30)),
            TestChunks.Create("filler-2", "wiring diagram", _generator, vector: AtCosine(0.25)),
            TestChunks.Create("filler-3", "warranty terms", _generator, vector: AtCosine(0.20)));

        var results = await CreateRetriever().RetrieveAsync(new RetrievalRequest("ERR_042 status", 1, RetrievalMode.Hybrid), TestContext.Current.CancellationToken);

        Assert.Equal(expectedFirst, results[0].Chunk.Id);
    }

    [Fact]
    public async Task RetrieveAsync_ScoreFusion_KeepsAClearDenseLeaderAheadOfAWeakKeywordMatch()
    {
        // A paraphrased question: the answer shares no word with it; a chunk that shares only "bread" is far behind in meaning.
        const string question = "why did my bread come out flat and dense after baking";
        _generator.Overrides[question] = s_axisX;
        _store.Add(
            TestChunks.Create("answer", "An under-proofed loaf has too little gas to rise in the oven.", _generator, vector: AtCosine(0.62)),
            TestChunks.Create("word-match", "Bread recipes in this book use metric weights.", _generator, vector: AtCosine(0.21)),
            TestChunks.Create("filler", "Clean the mixer bowl weekly.", _generator, vector: AtCosine(0.18)));

        var rank = await CreateRetriever().RetrieveAsync(new RetrievalRequest(question, 3, RetrievalMode.Hybrid), TestContext.Current.CancellationToken);
        _options.Fusion = "rrf";
        var rrf = await CreateRetriever().RetrieveAsync(new RetrievalRequest(question, 3, RetrievalMode.Hybrid), TestContext.Current.CancellationToken);

        Assert.Equal("answer", rank[0].Chunk.Id);
        Assert.True(rank[0].Score > 2 * rank[1].Score, $"fused scores {rank[0].Score:F3} and {rank[1].Score:F3}");
        Assert.Equal("word-match", rrf[0].Chunk.Id); // rank fusion: first in keywords + second in dense beats first in dense only
    }

    [Fact]
    public async Task RetrieveAsync_HybridWithTheEncoderStillLoading_SearchesKeywordsAndPreparesDenseSearchMeanwhile()
    {
        var loading = new TaskCompletionSource();
        _generator.Loading = loading.Task;
        _generator.Overrides["pump"] = s_axisX;
        _store.Add(TestChunks.Create("pump", "coolant pump", _generator, vector: s_axisX));

        var retrieval = CreateRetriever().RetrieveAsync(new RetrievalRequest("pump", 5, RetrievalMode.Hybrid), TestContext.Current.CancellationToken);
        await WaitUntilAsync(() => _store.Requests.Contains("prepare"));
        var beforeEmbedded = _store.Requests.ToList();
        loading.SetResult();
        var results = await retrieval;

        Assert.Equal(["keyword", "prepare"], beforeEmbedded); // nothing dense can run before the query vector exists
        Assert.Equal(["keyword", "prepare", "dense"], _store.Requests);
        Assert.Equal("pump", Assert.Single(results).Chunk.Id);
    }

    [Fact]
    public async Task RetrieveAsync_HybridWithTheEncoderReady_SkipsThePreparation()
    {
        _store.Add(TestChunks.Create("pump", "coolant pump", _generator));

        await CreateRetriever().RetrieveAsync(new RetrievalRequest("pump", 5, RetrievalMode.Hybrid), TestContext.Current.CancellationToken);

        Assert.Equal(["keyword", "dense"], _store.Requests);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.True(condition(), "timed out waiting");
    }

    /// <summary>A unit vector whose cosine to the x axis (the test queries' vector) is <paramref name="cosine"/>.</summary>
    private static float[] AtCosine(double cosine) => [(float)cosine, (float)Math.Sqrt(1 - (cosine * cosine)), 0, 0];

    [Theory]
    [InlineData(1.0, "twin")]
    [InlineData(0.5, "different")]
    public async Task RetrieveAsync_MmrBelowOne_ReplacesTheNearDuplicate(double lambda, string expectedSecond)
    {
        _options.MmrLambda = lambda;
        _store.ReturnVectors = false;
        _generator.Overrides["query"] = s_axisX;
        _store.Add(
            TestChunks.Create("best", "a", _generator, vector: [0.95f, 0.31f, 0, 0]),
            TestChunks.Create("twin", "b", _generator, vector: [0.95f, 0.31f, 0.01f, 0]),
            TestChunks.Create("different", "c", _generator, vector: [0.8f, -0.6f, 0, 0]));

        var results = await CreateRetriever().RetrieveAsync(new RetrievalRequest("query", 2, RetrievalMode.Dense), TestContext.Current.CancellationToken);

        Assert.Equal(["best", expectedSecond], results.Select(r => r.Chunk.Id));
    }

    [Fact]
    public async Task RetrieveAsync_TenThousandCharacterQuery_Works()
    {
        _store.Add(TestChunks.Create("bees", "honeybees dance to show where flowers are", _generator));
        var query = string.Concat(Enumerable.Repeat("where do honeybees find flowers ", 320))[..10_000];

        var results = await CreateRetriever().RetrieveAsync(new RetrievalRequest(query, 5), TestContext.Current.CancellationToken);

        Assert.Equal("bees", Assert.Single(results).Chunk.Id);
    }

    [Fact]
    public async Task RetrieveAsync_EmptyIndex_ReturnsNothing()
    {
        var results = await CreateRetriever().RetrieveAsync(new RetrievalRequest("anything at all", 5), TestContext.Current.CancellationToken);

        Assert.Empty(results);
    }

    [Fact]
    public async Task RetrieveAsync_TopBelowOne_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => CreateRetriever().RetrieveAsync(new RetrievalRequest("bees", 0), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RetrieveAsync_HybridTopAboveCandidates_ReturnsTopChunks()
    {
        _options.Candidates = 2;
        for (var i = 0; i < 6; i++)
        {
            _store.Add(TestChunks.Create($"c{i}", $"bees note {i}", _generator));
        }

        var results = await CreateRetriever().RetrieveAsync(new RetrievalRequest("bees", 5), TestContext.Current.CancellationToken);

        Assert.Equal(5, results.Count);
        Assert.Equal([1, 2, 3, 4, 5], results.Select(r => r.Rank));
    }

    [Fact]
    public async Task RetrieveAsync_Filter_ReachesBothSearches()
    {
        var pdf = TestChunks.Create("pdf", "bees in a pdf", _generator);
        pdf.FileType = "pdf";
        _store.Add(pdf, TestChunks.Create("md", "bees in markdown", _generator));

        var results = await CreateRetriever().RetrieveAsync(
            new RetrievalRequest("bees", 5, RetrievalMode.Hybrid, new SearchFilter(FileTypes: ["pdf"])), TestContext.Current.CancellationToken);

        Assert.Equal("pdf", Assert.Single(results).Chunk.Id);
    }

    [Fact]
    public async Task RetrieveAsync_Cancelled_Throws()
    {
        _store.Add(TestChunks.Create("bees", "bees", _generator));
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CreateRetriever().RetrieveAsync(new RetrievalRequest("bees", 5), cancellation.Token));
    }

    [Fact]
    public void AddHybridRetriever_RegistersTheRetrieverOnce()
    {
        var services = new ServiceCollection();

        services.AddHybridRetriever().AddHybridRetriever();

        var descriptor = Assert.Single(services);
        Assert.Equal(typeof(IRetriever), descriptor.ServiceType);
        Assert.Equal(typeof(HybridRetriever), descriptor.ImplementationType);
        Assert.Equal(ServiceLifetime.Singleton, descriptor.Lifetime);
    }
}
