using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RagApp.Core.Ingestion;
using RagApp.Core.Options;
using RagApp.Core.Retrieval;
using RagApp.Infrastructure.ChatModels;
using RagApp.Infrastructure.Embeddings;
using RagApp.Infrastructure.Extraction;
using RagApp.Infrastructure.VectorStores.Postgres;
using RagApp.Infrastructure.VectorStores.Sqlite;

namespace RagApp.Infrastructure;

/// <summary>Registers the adapters chosen by configuration. Models and connections are created on first use, not here.</summary>
public static class ServiceCollectionExtensions
{
    public static IServiceCollection AddRagAppInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRagAppOptions();
        services.AddOnnxEmbeddings();
        services.AddDocumentExtractors();
        services.AddSingleton<IDocumentChunker, StructuredChunker>();
        services.AddSingleton<IIndexStore>(CreateIndexStore);
        services.AddHybridRetriever();
        services.AddRagChat();
        return services;
    }

    /// <summary>Binds and validates every options section (validated when the command starts).</summary>
    public static IServiceCollection AddRagAppOptions(this IServiceCollection services)
    {
        services.AddOptions<IndexOptions>().BindConfiguration(IndexOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EmbeddingOptions>().BindConfiguration(EmbeddingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StoreOptions>().BindConfiguration(StoreOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RetrievalOptions>().BindConfiguration(RetrievalOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ChatProviderOptions>().BindConfiguration(ChatProviderOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    private static IIndexStore CreateIndexStore(IServiceProvider provider)
    {
        var store = provider.GetRequiredService<IOptions<StoreOptions>>().Value;
        return store.Provider.ToLowerInvariant() switch
        {
            "sqlite" => new SqliteIndexStore(provider.GetRequiredService<IOptions<IndexOptions>>()),
            "postgres" => PostgresIndexStore.Create(store, provider.GetRequiredService<ILoggerFactory>()),
            _ => throw new InvalidOperationException($"Store:Provider '{store.Provider}' is not supported; use sqlite or postgres."),
        };
    }
}
