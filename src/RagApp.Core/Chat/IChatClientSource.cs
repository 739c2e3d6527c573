using Microsoft.Extensions.AI;

namespace RagApp.Core.Chat;

/// <summary>
/// The configured chat model, created on first use (an in-process model is loaded then, not while services are registered).
/// </summary>
public interface IChatClientSource
{
    /// <summary>The configured provider name (<c>extractive</c>, <c>openai</c>, <c>azure-openai</c>, <c>ollama</c>, <c>llama</c>, <c>onnx</c>).</summary>
    string ProviderName { get; }

    /// <summary>The chat client, or null for the extractive provider (no LLM). Throws <see cref="ChatProviderException"/> when it cannot be created.</summary>
    IChatClient? GetChatClient();
}
