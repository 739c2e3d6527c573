using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace RagApp.Infrastructure.Tests.ChatModels;

/// <summary>Answers every call with a fixed text and records the messages it was sent.</summary>
internal sealed class RecordingChatClient(string reply) : IChatClient
{
    public List<List<ChatMessage>> Calls { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls.Add([.. messages]);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, reply)));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Calls.Add([.. messages]);
        await Task.Yield();
        yield return new ChatResponseUpdate(ChatRole.Assistant, reply);
    }

    // Semantic Kernel asks every chat client for its metadata.
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("test", null, "test-model")
        : serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
