using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace RagApp.Core.Tests.Chat;

/// <summary>A scripted chat client: answers each call with the next reply, streamed in the given pieces, and records what it was sent.</summary>
internal sealed class FakeChatClient : IChatClient
{
    private readonly Queue<string[]> _replies = new();

    public List<List<ChatMessage>> Calls { get; } = [];

    public List<ChatOptions?> Options { get; } = [];

    public FakeChatClient Reply(params string[] pieces)
    {
        _replies.Enqueue(pieces);
        return this;
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Record(messages, options);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, string.Concat(Next()))));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Record(messages, options);
        foreach (var piece in Next())
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ChatResponseUpdate(ChatRole.Assistant, piece);
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    private void Record(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        Calls.Add([.. messages]);
        Options.Add(options);
    }

    private string[] Next() => _replies.Count > 0 ? _replies.Dequeue() : throw new InvalidOperationException("No scripted reply left.");
}
