using Xunit;
using Microsoft.Extensions.AI;
using RagApp.Core.Embeddings;
using RagApp.Core.Options;
using RagApp.Infrastructure.Embeddings;

namespace RagApp.Infrastructure.Tests.Embeddings;

public sealed class OnnxEmbeddingGeneratorTests(MiniLmFixture fixture) : IClassFixture<MiniLmFixture>
{
    private readonly OnnxEmbeddingGenerator _generator = fixture.Generator;

    [Fact]
    public void Tokenize_ReferenceTexts_GivesReferenceTokenIds()
    {
        foreach (var sentence in ReferenceEmbeddings.Sentences)
        {
            Assert.Equal(sentence.TokenIds, _generator.Tokenize(sentence.Text));
        }
    }

    [Fact]
    public async Task GenerateAsync_ReferenceTextsInOneBatch_MatchReferenceVectors()
    {
        var sentences = ReferenceEmbeddings.Sentences;

        var embeddings = await _generator.GenerateAsync(sentences.Select(s => s.Text), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(sentences.Count, embeddings.Count);
        for (var i = 0; i < sentences.Count; i++)
        {
            Assert.Equal(384, embeddings[i].Vector.Length);
            var cosine = ReferenceEmbeddings.Cosine(embeddings[i].Vector.Span, sentences[i].Embedding);
            Assert.True(cosine >= 0.99999, $"'{sentences[i].Text[..Math.Min(30, sentences[i].Text.Length)]}': cosine {cosine}");
        }
    }

    [Fact]
    public async Task GenerateAsync_OneByOne_SameVectorsAsOneBatch()
    {
        var texts = ReferenceEmbeddings.Sentences.Select(s => s.Text).ToArray();
        var ct = TestContext.Current.CancellationToken;

        var batch = await _generator.GenerateAsync(texts, cancellationToken: ct);
        for (var i = 0; i < texts.Length; i++)
        {
            var single = await _generator.GenerateVectorAsync(texts[i], cancellationToken: ct);
            Assert.True(ReferenceEmbeddings.Cosine(single.Span, batch[i].Vector.Span) >= 0.999999, texts[i]);
        }
    }

    [Fact]
    public async Task GenerateAsync_SmallTokenBudget_SameVectorsInInputOrder()
    {
        // A budget of one window forces a batch per long text and several short texts together, in sorted order.
        using var generator = new OnnxEmbeddingGenerator(
            new EmbeddingOptions { Model = "all-MiniLM-L6-v2", BatchTokenBudget = 256 }, fixture.IndexPath, logger: null);
        var sentences = ReferenceEmbeddings.Sentences.Reverse().ToArray();

        var embeddings = await generator.GenerateAsync(sentences.Select(s => s.Text), cancellationToken: TestContext.Current.CancellationToken);

        for (var i = 0; i < sentences.Length; i++)
        {
            Assert.True(ReferenceEmbeddings.Cosine(embeddings[i].Vector.Span, sentences[i].Embedding) >= 0.99999, sentences[i].Text);
        }
    }

    [Theory]
    [InlineData("none")]
    [InlineData("int8")]
    public async Task StartLoadingForQueries_SessionWithoutPrepackedWeights_SameVectorsAsPrepacked(string quantization)
    {
        // search/ask/chat load the encoder this way; their query vectors must match the passages' from ingestion.
        var options = new EmbeddingOptions { Model = "all-MiniLM-L6-v2", Quantization = quantization };
        using var bulk = new OnnxEmbeddingGenerator(options, fixture.IndexPath, logger: null);
        using var queries = new OnnxEmbeddingGenerator(options, fixture.IndexPath, logger: null);
        var texts = ReferenceEmbeddings.Sentences.Select(s => s.Text).ToArray();
        var ct = TestContext.Current.CancellationToken;

        queries.StartLoadingForQueries();
        var fromQueries = await queries.GenerateAsync(texts, cancellationToken: ct);
        var fromBulk = await bulk.GenerateAsync(texts, cancellationToken: ct);

        Assert.False(queries.PrepacksWeights);
        Assert.True(bulk.PrepacksWeights);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.True(ReferenceEmbeddings.Cosine(fromQueries[i].Vector.Span, fromBulk[i].Vector.Span) >= 0.99999, texts[i]);
        }
    }

    [Fact]
    public async Task UseQuantization_WhileLoadingForQueries_EmbedsAsAGeneratorMadeWithIt()
    {
        // search/ask/chat on an index built with int8 switch to it after they have started loading the configured fp32.
        var ct = TestContext.Current.CancellationToken;
        using var switched = new OnnxEmbeddingGenerator(new EmbeddingOptions { Model = "all-MiniLM-L6-v2" }, fixture.IndexPath, logger: null);
        using var int8 = new OnnxEmbeddingGenerator(
            new EmbeddingOptions { Model = "all-MiniLM-L6-v2", Quantization = "int8" }, fixture.IndexPath, logger: null);
        var texts = ReferenceEmbeddings.Sentences.Select(s => s.Text).ToArray();

        switched.StartLoadingForQueries();
        switched.UseQuantization("int8");
        var fromSwitched = await switched.GenerateAsync(texts, cancellationToken: ct);
        var fromInt8 = await int8.GenerateAsync(texts, cancellationToken: ct);

        Assert.Equal(int8.Fingerprint, switched.Fingerprint);
        Assert.Equal("int8", switched.Quantization);
        Assert.False(switched.PrepacksWeights);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.True(ReferenceEmbeddings.Cosine(fromSwitched[i].Vector.Span, fromInt8[i].Vector.Span) >= 0.99999, texts[i]);
        }

        Assert.Throws<InvalidOperationException>(() => switched.UseQuantization("none"));
    }

    [Fact]
    public void StartLoading_AskedBeforeEveryFile_MakesTheSessionInTheBackgroundWithPrepackedWeights()
    {
        // Ingestion asks before each file it extracts; the session is made once, for bulk embedding.
        using var generator = new OnnxEmbeddingGenerator(new EmbeddingOptions { Model = "all-MiniLM-L6-v2" }, fixture.IndexPath, logger: null);

        for (var i = 0; i < 20; i++)
        {
            generator.StartLoading();
        }

        Assert.True(SpinWait.SpinUntil(() => generator.IsLoaded, TimeSpan.FromSeconds(60)), "the session was not made in the background");
        Assert.True(generator.PrepacksWeights);
        Assert.True(SpinWait.SpinUntil(() => generator.NativeWorkInFlight == 0, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Dispose_WhileTheSessionIsBeingMade_WaitsForIt()
    {
        // A command that fails right after starting its encoder (an index of another encoder, say) disposes it at once;
        // a process that then exits while ONNX Runtime makes a session on another thread can crash or hang.
        var generator = new OnnxEmbeddingGenerator(new EmbeddingOptions { Model = "all-MiniLM-L6-v2" }, fixture.IndexPath, logger: null);

        generator.StartLoadingForQueries();
        Assert.True(SpinWait.SpinUntil(() => generator.NativeWorkInFlight > 0, TimeSpan.FromSeconds(10)), "the session never started loading");
        generator.Dispose();

        Assert.Equal(0, generator.NativeWorkInFlight);
    }

    [Fact]
    public async Task Dispose_WhileEmbedding_StopsAtTheNextBatchAndWaitsForIt()
    {
        // An interrupted ingest disposes the encoder while another thread may be inside a batch: disposing a session
        // in use would crash.
        var generator = new OnnxEmbeddingGenerator(
            new EmbeddingOptions { Model = "all-MiniLM-L6-v2", BatchTokenBudget = 256 }, fixture.IndexPath, logger: null);
        await generator.GenerateAsync(["load the model first"], cancellationToken: TestContext.Current.CancellationToken);
        var passages = PythonDocPassages.Load(100);

        var embedding = Task.Run(() => generator.GenerateAsync(passages), TestContext.Current.CancellationToken);
        Assert.True(SpinWait.SpinUntil(() => generator.NativeWorkInFlight > 0, TimeSpan.FromSeconds(10)), "embedding never started");
        generator.Dispose();

        Assert.Equal(0, generator.NativeWorkInFlight);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => embedding);
    }

    [Fact]
    public async Task GenerateAsync_ConcurrentCallers_EachGetsItsOwnVectors()
    {
        var sentences = ReferenceEmbeddings.Sentences;
        var ct = TestContext.Current.CancellationToken;

        var results = await Task.WhenAll(sentences.Select(s => _generator.GenerateVectorAsync(s.Text, cancellationToken: ct)));

        for (var i = 0; i < sentences.Count; i++)
        {
            Assert.True(ReferenceEmbeddings.Cosine(results[i].Span, sentences[i].Embedding) >= 0.99999, sentences[i].Text);
        }
    }

    [Fact]
    public async Task GenerateAsync_CancelledToken_Throws()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _generator.GenerateAsync(["some text"], cancellationToken: cts.Token));
    }

    [Fact]
    public void GetService_Metadata_HasModelAndDimensions()
    {
        var metadata = _generator.GetService<EmbeddingGeneratorMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal(384, metadata.DefaultModelDimensions);
        Assert.Equal("all-MiniLM-L6-v2", metadata.DefaultModelId);
        Assert.Same(_generator, _generator.GetService<IEncoderInfo>());
    }

    [Fact]
    public void Fingerprint_PackagedMiniLm_HasModelHashAndSettings()
    {
        var fingerprint = _generator.Fingerprint;

        Assert.Equal("4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2", fingerprint.ModelSha256);
        Assert.Equal(384, fingerprint.Dimensions);
        Assert.Equal("mean", fingerprint.Pooling);
        Assert.Equal(256, fingerprint.MaxTokens);
        Assert.Equal("none", fingerprint.Quantization);
        Assert.Equal(254, _generator.MaxPassageTokens);
    }

    [Fact]
    public void CountTokens_ExcludesSpecialTokens()
    {
        Assert.Equal(5, _generator.CountTokens("This is an example sentence"));
        Assert.Equal(461 - 2, _generator.CountTokens(ReferenceEmbeddings.Sentences[3].Text));
    }

    [Fact]
    public void Constructor_UnknownModel_NamesTheSetting()
    {
        var ex = Assert.Throws<InvalidOperationException>(() =>
            new OnnxEmbeddingGenerator(new EmbeddingOptions { Model = "no-such-model" }, fixture.IndexPath, logger: null));

        Assert.Contains("Embeddings:Model", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no-such-model", ex.Message, StringComparison.Ordinal);
    }
}
