using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using RagApp.Core.Embeddings;
using RagApp.Core.Options;
using RagApp.Infrastructure.Embeddings;
using Xunit;

namespace RagApp.Infrastructure.Tests.Embeddings;

public sealed class EmbeddingServiceCollectionExtensionsTests
{
    [Fact]
    public void AddOnnxEmbeddings_ResolvesOneSingletonForBothServices_WithoutLoadingTheModel()
    {
        var services = new ServiceCollection();
        services.Configure<EmbeddingOptions>(o => o.Model = "all-MiniLM-L6-v2");
        services.Configure<IndexOptions>(o => o.Path = Path.GetTempPath());
        services.AddOnnxEmbeddings();
        using var provider = services.BuildServiceProvider();

        var generator = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var info = provider.GetRequiredService<IEncoderInfo>();

        Assert.Same(generator, info);
        var onnx = Assert.IsType<OnnxEmbeddingGenerator>(generator);
        Assert.False(onnx.IsLoaded);
        Assert.Equal(254, info.MaxPassageTokens);
    }

    [Fact]
    public void AddOnnxEmbeddings_UnknownModel_ResolvingNamesTheSetting()
    {
        var services = new ServiceCollection();
        services.Configure<EmbeddingOptions>(o => o.Model = "bert-large-nonexistent");
        services.AddOnnxEmbeddings();
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IEncoderInfo>());

        Assert.Contains("Embeddings:Model", ex.Message, StringComparison.Ordinal);
    }
}
