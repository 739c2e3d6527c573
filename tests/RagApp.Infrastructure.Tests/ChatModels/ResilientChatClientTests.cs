using System.Net.Http;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using RagApp.Core.Chat;
using RagApp.Core.Options;
using RagApp.Infrastructure.ChatModels;
using Xunit;

namespace RagApp.Infrastructure.Tests.ChatModels;

/// <summary>Retries of <see cref="ResilientChatClient"/> around an inner client that fails as HttpClient does.</summary>
public sealed class ResilientChatClientTests
{
    private static readonly ChatErrorTranslator s_translator = new(new ChatProviderOptions { Provider = "ollama", Model = "m" });

    /// <summary>What HttpClient throws when a kept-alive connection the server had dropped is used for a request.</summary>
    private static HttpRequestException ClosedBeforeResponse() =>
        new(HttpRequestError.ResponseEnded, "An error occurred while sending the request.", new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely."));

    [Fact]
    public async Task Streaming_ConnectionClosedBeforeAnyResponse_RetriedOnceOnANewAttempt()
    {
        var inner = new FailingThenAnsweringClient(failures: 1);
        using var client = new ResilientChatClient(inner, s_translator, TimeSpan.FromSeconds(10));

        var text = await Collect(client);

        Assert.Equal("fine", text);
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task Streaming_ConnectionClosedBeforeAnyResponseTwice_Fails()
    {
        var inner = new FailingThenAnsweringClient(failures: 2);
        using var client = new ResilientChatClient(inner, s_translator, TimeSpan.FromSeconds(10));

        await Assert.ThrowsAsync<ChatProviderException>(() => Collect(client));

        Assert.Equal(2, inner.Calls); // one retry, no more
    }

    [Fact]
    public async Task NonStreaming_ConnectionClosedBeforeAnyResponse_RetriedOnce()
    {
        var inner = new FailingThenAnsweringClient(failures: 1);
        using var client = new ResilientChatClient(inner, s_translator, TimeSpan.FromSeconds(10));

        var response = await client.GetResponseAsync([new(ChatRole.User, "hi")], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("fine", response.Text);
        Assert.Equal(2, inner.Calls);
    }

    private static async Task<string> Collect(IChatClient client)
    {
        var text = "";
        await foreach (var update in client.GetStreamingResponseAsync([new(ChatRole.User, "hi")], cancellationToken: TestContext.Current.CancellationToken))
        {
            text += update.Text;
        }

        return text;
    }

    private sealed class FailingThenAnsweringClient(int failures) : IChatClient
    {
        public int Calls { get; private set; }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            ++Calls <= failures ? throw ClosedBeforeResponse() : Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "fine")));

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            if (++Calls <= failures)
            {
                throw ClosedBeforeResponse();
            }

            yield return new ChatResponseUpdate(ChatRole.Assistant, "fine");
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
