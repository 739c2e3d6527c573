using LLama;
using LLama.Abstractions;
using LLama.Common;
using LLama.Exceptions;
using Microsoft.Extensions.AI;
using RagApp.Core.Chat;
using RagApp.Core.Options;

namespace RagApp.Infrastructure.ChatModels;

/// <summary>The in-process GGUF provider (<c>llama</c>): LLamaSharp with its CPU backend, through its own IChatClient adapter.</summary>
internal static class LlamaChatClientFactory
{
    public static IChatClient Create(ChatProviderOptions options)
    {
        var path = ChatClientFactory.RequireModelPath(options, mustBeFile: true);
        var parameters = new ModelParams(path)
        {
            ContextSize = (uint)options.ContextSize,
            GpuLayerCount = 0,
            Threads = Math.Max(1, Environment.ProcessorCount),
        };

        LLamaWeights weights;
        try
        {
            weights = LLamaWeights.LoadFromFile(parameters);
        }
        catch (LoadWeightsFailedException ex)
        {
            throw new ChatProviderException($"Chat:ModelPath {path} is not a GGUF model llama.cpp can load.", ex);
        }

        var executor = new StatelessExecutor(weights, parameters);
        return new OwningChatClient(executor.AsChatClient(), weights);
    }

    /// <summary>Disposes the model weights with the client.</summary>
    private sealed class OwningChatClient(IChatClient inner, IDisposable owned) : DelegatingChatClient(inner)
    {
        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                owned.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
