using Microsoft.Extensions.AI;
using RagApp.Core.Embeddings;
using RagApp.Core.Options;
using RagApp.Infrastructure.Embeddings;

namespace RagApp.Infrastructure.Tests.Embeddings;

/// <summary>The optimised model and its hash are cached beside the index, and a new process loading them gets the same vectors.</summary>
public sealed class ModelCacheTests : IDisposable
{
    private readonly string _index = Path.Combine(Path.GetTempPath(), "ragapp-modelcache-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        if (Directory.Exists(_index))
        {
            Directory.Delete(_index, recursive: true);
        }
    }

    [Fact]
    public async Task SecondGenerator_LoadsTheCachedModel_SameVectorsAndFingerprint()
    {
        const string text = "Each sentence is converted";
        float[] first;
        string firstFingerprint;
        using (var generator = new OnnxEmbeddingGenerator(new EmbeddingOptions(), _index, logger: null))
        {
            first = (await generator.GenerateAsync(text, EmbeddingPurpose.ForPassage(), TestContext.Current.CancellationToken)).Vector.ToArray();
            firstFingerprint = generator.Fingerprint.Key;
        }

        var models = Path.Combine(_index, "models");
        var cached = Assert.Single(Directory.GetFiles(models, "all-MiniLM-L6-v2-fp32-*.onnx"));
        Assert.True(File.Exists(Path.Combine(models, "all-MiniLM-L6-v2.sha256")));
        Assert.Empty(Directory.GetFiles(models, "*.tmp"));
        var cachedWritten = File.GetLastWriteTimeUtc(cached);

        using var second = new OnnxEmbeddingGenerator(new EmbeddingOptions(), _index, logger: null);
        var again = (await second.GenerateAsync(text, EmbeddingPurpose.ForPassage(), TestContext.Current.CancellationToken)).Vector.ToArray();

        Assert.Equal(firstFingerprint, second.Fingerprint.Key);
        Assert.Equal(cachedWritten, File.GetLastWriteTimeUtc(cached));
        Assert.True(System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(first, again) >= 0.99999f);
        Assert.Contains("4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2", second.Fingerprint.Key, StringComparison.Ordinal);
    }
}
