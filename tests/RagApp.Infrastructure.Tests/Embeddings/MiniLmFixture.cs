using Xunit;
using RagApp.Core.Options;
using RagApp.Infrastructure.Embeddings;

namespace RagApp.Infrastructure.Tests.Embeddings;

/// <summary>One packaged all-MiniLM-L6-v2 encoder shared by a test class (loading the model takes a second).</summary>
public sealed class MiniLmFixture : IDisposable
{
    public MiniLmFixture()
    {
        IndexPath = Path.Combine(Path.GetTempPath(), "ragapp-encoder-tests-" + Guid.NewGuid().ToString("N"));
        Generator = new OnnxEmbeddingGenerator(new EmbeddingOptions { Model = "all-MiniLM-L6-v2" }, IndexPath, logger: null);
    }

    public OnnxEmbeddingGenerator Generator { get; }

    public string IndexPath { get; }

    public void Dispose()
    {
        Generator.Dispose();
        if (Directory.Exists(IndexPath))
        {
            Directory.Delete(IndexPath, recursive: true);
        }
    }
}
