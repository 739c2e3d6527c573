using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RagApp.Core.Embeddings;
using RagApp.Core.Options;

namespace RagApp.Infrastructure.Embeddings;

/// <summary>Registers the local ONNX encoder.</summary>
public static class EmbeddingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="OnnxEmbeddingGenerator"/> as one singleton serving both
    /// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> and <see cref="IEncoderInfo"/>, bound to
    /// <see cref="EmbeddingOptions"/> and <see cref="IndexOptions"/> (the int8 model cache lives under the index folder).
    /// Nothing is loaded here: the model is read on the first embedding. Bind the options sections before calling this.
    /// </summary>
    public static IServiceCollection AddOnnxEmbeddings(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<EmbeddingOptions>();
        services.AddOptions<IndexOptions>();
        services.AddSingleton(provider => new OnnxEmbeddingGenerator(
            provider.GetRequiredService<IOptions<EmbeddingOptions>>(),
            provider.GetRequiredService<IOptions<IndexOptions>>(),
            provider.GetService<ILogger<OnnxEmbeddingGenerator>>()));
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(provider => provider.GetRequiredService<OnnxEmbeddingGenerator>());
        services.AddSingleton<IEncoderInfo>(provider => provider.GetRequiredService<OnnxEmbeddingGenerator>());
        return services;
    }
}
