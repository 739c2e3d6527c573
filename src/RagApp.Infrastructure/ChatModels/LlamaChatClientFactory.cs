using LLama;
using LLama.Abstractions;
using LLama.Common;
using LLama.Exceptions;
using LLama.Native;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using RagApp.Core.Chat;
using RagApp.Core.Options;

namespace RagApp.Infrastructure.ChatModels;

/// <summary>The in-process GGUF provider (<c>llama</c>): LLamaSharp with its CPU backend, through its own IChatClient adapter.</summary>
internal static class LlamaChatClientFactory
{
    /// <summary>
    /// Loads the GGUF model. llama.cpp's own messages (dozens of lines about the model file on every load, written to
    /// standard error by default) go to <paramref name="log"/> instead: its warnings and errors show at the default log
    /// level, the rest only when asked for (<c>Logging:LogLevel:llama.cpp</c>).
    /// </summary>
    public static IChatClient Create(ChatProviderOptions options, ILogger log)
    {
        var path = ChatClientFactory.RequireModelPath(options, mustBeFile: true);
        var parameters = new ModelParams(path)
        {
            ContextSize = (uint)options.ContextSize,
            GpuLayerCount = 0,
            Threads = Math.Max(1, Environment.ProcessorCount),
        };

        // What llama.cpp says while loading is held back: a failed load is reported in one line, which must come first.
        var loading = new BufferedLog();
        NativeLogConfig.llama_log_set(loading);
        LLamaWeights weights;
        try
        {
            weights = LLamaWeights.LoadFromFile(parameters);
        }
        catch (LoadWeightsFailedException ex)
        {
            var cause = loading.FirstError is { Length: > 0 } first ? $" (llama.cpp: {first.ReplaceLineEndings(" ")})" : string.Empty;
            loading.ReplayTo(log, demote: true);
            throw new ChatProviderException($"Chat:ModelPath {path} is not a GGUF model llama.cpp can load{cause}.", ex);
        }
        finally
        {
            NativeLogConfig.llama_log_set(log);
        }

        loading.ReplayTo(log, demote: false);

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
