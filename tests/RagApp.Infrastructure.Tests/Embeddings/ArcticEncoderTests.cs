using Microsoft.Extensions.AI;
using RagApp.Core.Embeddings;
using RagApp.Core.Options;
using RagApp.Infrastructure.Embeddings;
using Xunit;

namespace RagApp.Infrastructure.Tests.Embeddings;

public sealed class ArcticEncoderTests : IDisposable
{
    private readonly OnnxEmbeddingGenerator _generator =
        new(new EmbeddingOptions { Model = "snowflake-arctic-embed-xs" }, Path.GetTempPath(), logger: null);

    [Fact]
    public void Fingerprint_Arctic_ClsPoolingWindow512AndQueryPrefix()
    {
        var fingerprint = _generator.Fingerprint;

        Assert.Equal("cls", fingerprint.Pooling);
        Assert.Equal(512, fingerprint.MaxTokens);
        Assert.Equal(384, fingerprint.Dimensions);
        Assert.Equal("Represent this sentence for searching relevant passages: ", fingerprint.QueryPrefix);
        Assert.Equal(string.Empty, fingerprint.PassagePrefix);
    }

    [Fact]
    public void Tokenize_Query_StartsWithThePrefix()
    {
        var prefix = _generator.Tokenize("Represent this sentence for searching relevant passages:");
        var query = _generator.Tokenize("bug reports", query: true);

        Assert.Equal(prefix[..^1], query[..(prefix.Length - 1)]);
        Assert.Equal(prefix.Length + 2, query.Length);
    }

    [Fact]
    public async Task GenerateAsync_QueryAndPassage_DifferAndAreUnitLength()
    {
        var ct = TestContext.Current.CancellationToken;
        const string Text = "How do I report a bug in Python?";

        var query = await _generator.GenerateVectorAsync(Text, EmbeddingPurpose.ForQuery(), ct);
        var passage = await _generator.GenerateVectorAsync(Text, EmbeddingPurpose.ForPassage(), ct);

        Assert.Equal(384, query.Length);
        Assert.Equal(384, passage.Length);
        Assert.Equal(1.0, Math.Sqrt(ReferenceEmbeddings.Cosine(query.Span, query.Span) * Dot(query.Span, query.Span)), 4);
        Assert.True(ReferenceEmbeddings.Cosine(query.Span, passage.Span) < 0.999);
    }

    [Fact]
    public async Task GenerateAsync_Query_RanksTheRelevantPassageFirst()
    {
        var ct = TestContext.Current.CancellationToken;
        string[] passages =
        [
            "The tulip is a flowering plant that grows from a bulb and blooms in spring.",
            "If you find a bug in Python, submit a bug report on the issue tracker with steps to reproduce it.",
            "The stock market closed higher today after the central bank held interest rates.",
        ];

        var query = await _generator.GenerateVectorAsync("where do I report a bug in python", EmbeddingPurpose.ForQuery(), ct);
        var vectors = await _generator.GenerateAsync(passages, EmbeddingPurpose.ForPassage(), ct);

        var scores = vectors.Select(v => ReferenceEmbeddings.Cosine(query.Span, v.Vector.Span)).ToArray();
        Assert.Equal(1, Array.IndexOf(scores, scores.Max()));
    }

    [Fact]
    public async Task GenerateAsync_Int8_CloseToFp32()
    {
        // The quantiser (outlier channels found by calibration included) on a second packaged model: CLS pooling, a
        // 512 window, its own weights and outliers.
        var ct = TestContext.Current.CancellationToken;
        var index = Path.Combine(Path.GetTempPath(), "ragapp-arctic-int8-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var int8 = new OnnxEmbeddingGenerator(
                new EmbeddingOptions { Model = "snowflake-arctic-embed-xs", Quantization = "int8" }, index, logger: null);
            var passages = PythonDocPassages.Load(60);

            var fp32Vectors = await _generator.GenerateAsync(passages, EmbeddingPurpose.ForPassage(), ct);
            var int8Vectors = await int8.GenerateAsync(passages, EmbeddingPurpose.ForPassage(), ct);

            var cosines = passages.Select((_, i) => ReferenceEmbeddings.Cosine(fp32Vectors[i].Vector.Span, int8Vectors[i].Vector.Span)).Order().ToArray();
            TestContext.Current.SendDiagnosticMessage($"arctic int8 vs fp32: median {cosines[cosines.Length / 2]:F5}, min {cosines[0]:F5}");
            Assert.True(cosines[cosines.Length / 2] >= 0.99, $"median cosine {cosines[cosines.Length / 2]}");
            Assert.True(cosines[0] >= 0.95, $"min cosine {cosines[0]}");
        }
        finally
        {
            Directory.Delete(index, recursive: true);
        }
    }

    public void Dispose() => _generator.Dispose();

    private static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * (double)b[i];
        }

        return sum;
    }
}
