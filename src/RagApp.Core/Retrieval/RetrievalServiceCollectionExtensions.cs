using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RagApp.Core.Retrieval;

/// <summary>Registers the retriever.</summary>
public static class RetrievalServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="HybridRetriever"/> as the singleton <see cref="IRetriever"/>. It needs an
    /// <see cref="IIndexStore"/>, an embedding generator, logging and the bound <c>RetrievalOptions</c>; resolving it
    /// does not load the encoder (the generator is only called when a query is embedded).
    /// </summary>
    public static IServiceCollection AddHybridRetriever(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IRetriever, HybridRetriever>();
        return services;
    }
}
