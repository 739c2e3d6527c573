using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using RagApp.Core.Chat;
using RagApp.Core.Prompts;

namespace RagApp.Infrastructure.ChatModels;

/// <summary>Registers grounded chat: prompts, the configured chat model, the kernel and <see cref="IGroundedAnswerService"/>.</summary>
public static class ChatServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IGroundedAnswerService"/>, <see cref="IPromptProvider"/>, <see cref="IChatClientSource"/> and the
    /// <see cref="Kernel"/>. Needs <c>IRetriever</c> and the options <c>ChatProviderOptions</c> / <c>RetrievalOptions</c>
    /// registered by the caller. Nothing is loaded here: the model is created on first use; the prompt templates are
    /// read and checked when the prompt provider is first resolved (a command that answers questions resolves it before it
    /// starts), so commands that never prompt do not pay for parsing them.
    /// </summary>
    public static IServiceCollection AddRagChat(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<PromptOptions>()
            .Configure<IServiceProvider>((options, provider) =>
            {
                if (provider.GetService<IConfiguration>()?[$"{PromptOptions.SectionName}:{nameof(PromptOptions.PromptsPath)}"] is { Length: > 0 } path)
                {
                    options.PromptsPath = path;
                }
            });

        services.TryAddSingleton<SemanticKernelPromptProvider>();
        services.TryAddSingleton<IPromptProvider>(sp => sp.GetRequiredService<SemanticKernelPromptProvider>());
        services.TryAddSingleton<ChatClientFactory>();
        services.TryAddSingleton<IChatClientSource>(sp => sp.GetRequiredService<ChatClientFactory>());
        services.TryAddSingleton<DocumentSearchPlugin>();
        services.TryAddSingleton(sp => RagKernelFactory.Create(
            sp.GetRequiredService<IChatClientSource>(),
            sp.GetRequiredService<SemanticKernelPromptProvider>(),
            sp.GetRequiredService<DocumentSearchPlugin>()));
        services.TryAddSingleton<IGroundedAnswerService, GroundedAnswerService>();
        return services;
    }
}
