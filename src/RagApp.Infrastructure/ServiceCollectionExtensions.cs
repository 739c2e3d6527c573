using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RagApp.Core.Options;

namespace RagApp.Infrastructure;

/// <summary>Registers the adapters chosen by configuration. Models and connections are created on first use, not here.</summary>
public static class ServiceCollectionExtensions
{
    public static IServiceCollection AddRagAppInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRagAppOptions();
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
}
