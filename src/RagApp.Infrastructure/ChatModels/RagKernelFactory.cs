using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using RagApp.Core.Chat;
using RagApp.Core.Prompts;

namespace RagApp.Infrastructure.ChatModels;

/// <summary>
/// Builds the Semantic Kernel of the app: the configured chat client as its chat service, the retrieval as plugin
/// <c>Documents</c> (<c>SearchDocuments</c>), and the prompt templates as plugin <c>Rag</c> (<c>GroundedAnswer</c>, <c>RewriteQuery</c>).
/// </summary>
public static class RagKernelFactory
{
    /// <summary>The name of the retrieval plugin.</summary>
    public const string SearchPluginName = "Documents";

    public static Kernel Create(IChatClientSource chatClients, SemanticKernelPromptProvider prompts, DocumentSearchPlugin search)
    {
        ArgumentNullException.ThrowIfNull(chatClients);
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(search);
        var builder = Kernel.CreateBuilder();
        if (chatClients.GetChatClient() is { } client)
        {
            builder.Services.AddSingleton<IChatClient>(client);
        }

        builder.Plugins.AddFromObject(search, SearchPluginName);
        builder.Plugins.Add(KernelPluginFactory.CreateFromFunctions(
            PromptNames.Plugin,
            prompts.Prompts.Values.Select(p => KernelFunctionFactory.CreateFromPrompt(p.Config))));
        return builder.Build();
    }
}
