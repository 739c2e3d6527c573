using System.Net.Http;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using RagApp.Core.Chat;
using RagApp.Core.Options;
using RagApp.Infrastructure.ChatModels;
using Xunit;

namespace RagApp.Infrastructure.Tests.ChatModels;

/// <summary>
/// Retries of <see cref="ResilientChatClient"/> around an inner client that fails as HttpClient does, and what it makes
/// of streams that end without a finish reason.
/// </summary>
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
    public async Task Streaming_ConnectionClosedAfterTheResponseHeaders_NotRetried()
    {
        // What HttpClient's response stream throws when the body ends early: the server had taken the request.
        var inner = new FailingThenAnsweringClient(failures: 1, () => new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely."));
        using var client = new ResilientChatClient(inner, s_translator, TimeSpan.FromSeconds(10), streamsEndWithFinishReason: true);

        var ex = await Assert.ThrowsAsync<ChatProviderException>(() => Collect(client));

        Assert.Equal("ollama closed the connection before answering; ask again.", ex.Message);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task Streaming_EmptyStream_FailsAsClosedBeforeAnswering()
    {
        var inner = new ScriptedStreamClient();
        using var client = new ResilientChatClient(inner, s_translator, TimeSpan.FromSeconds(10), streamsEndWithFinishReason: true);

        var ex = await Assert.ThrowsAsync<ChatProviderException>(() => Collect(client));

        Assert.Equal("ollama closed the connection before answering; ask again.", ex.Message);
        Assert.Equal(1, inner.Calls); // the server may have processed the request: reported, not retried
    }

    [Fact]
    public async Task Streaming_UpdatesWithoutTextOrFinishReason_FailsAsClosedBeforeAnswering()
    {
        using var client = new ResilientChatClient(
            new ScriptedStreamClient(new ChatResponseUpdate(ChatRole.Assistant, "")), s_translator, TimeSpan.FromSeconds(10), streamsEndWithFinishReason: true);

        var ex = await Assert.ThrowsAsync<ChatProviderException>(() => Collect(client));

        Assert.Equal("ollama closed the connection before answering; ask again.", ex.Message);
    }

    [Fact]
    public async Task Streaming_TextWithoutFinishReason_FailsAsCutInTheMiddle()
    {
        using var client = new ResilientChatClient(
            new ScriptedStreamClient(new ChatResponseUpdate(ChatRole.Assistant, "The battery ")), s_translator, TimeSpan.FromSeconds(10), streamsEndWithFinishReason: true);
        var text = "";

        var ex = await Assert.ThrowsAsync<ChatProviderException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync([new(ChatRole.User, "hi")], cancellationToken: TestContext.Current.CancellationToken))
            {
                text += update.Text;
            }
        });

        Assert.Equal("ollama closed the connection in the middle of the answer; ask again.", ex.Message);
        Assert.Equal("The battery ", text);
    }

    [Fact]
    public async Task Streaming_FinishReasonWithoutText_IsAnEmptyAnswerNotAnError()
    {
        // The server said it finished (finish_reason "stop"): an empty completion is the model's answer, not a failure.
        using var client = new ResilientChatClient(
            new ScriptedStreamClient(new ChatResponseUpdate(ChatRole.Assistant, "") { FinishReason = ChatFinishReason.Stop }),
            s_translator, TimeSpan.FromSeconds(10), streamsEndWithFinishReason: true);

        var text = await Collect(client);

        Assert.Equal("", text);
    }

    [Fact]
    public async Task Streaming_EmptyStreamFromAProviderWithoutFinishReasons_EndsQuietly()
    {
        using var client = new ResilientChatClient(new ScriptedStreamClient(), s_translator, TimeSpan.FromSeconds(10));

        var text = await Collect(client);

        Assert.Equal("", text);
    }

    [Fact]
    public async Task Streaming_CallerStopsAndTheStreamEndsQuietly_IsCancellationNotAnError()
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        using var client = new ResilientChatClient(new ScriptedStreamClient { EndQuietlyOnCancel = true }, s_translator, TimeSpan.FromSeconds(10), streamsEndWithFinishReason: true);
        stop.CancelAfter(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Collect(client, stop.Token));
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

    private static async Task<string> Collect(IChatClient client, CancellationToken? cancellationToken = null)
    {
        var text = "";
        await foreach (var update in client.GetStreamingResponseAsync([new(ChatRole.User, "hi")], cancellationToken: cancellationToken ?? TestContext.Current.CancellationToken))
        {
            text += update.Text;
        }

        return text;
    }

    private sealed class FailingThenAnsweringClient(int failures, Func<Exception>? failure = null) : IChatClient
    {
        private readonly Func<Exception> _failure = failure ?? ClosedBeforeResponse;

        public int Calls { get; private set; }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            ++Calls <= failures ? throw _failure() : Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "fine")));

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            if (++Calls <= failures)
            {
                throw _failure();
            }

            yield return new ChatResponseUpdate(ChatRole.Assistant, "fine");
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    /// <summary>Streams the given updates, then ends as a server closing the connection cleanly would.</summary>
    private sealed class ScriptedStreamClient(params ChatResponseUpdate[] updates) : IChatClient
    {
        public int Calls { get; private set; }

        /// <summary>Waits for cancellation and then ends without an error, as some clients do.</summary>
        public bool EndQuietlyOnCancel { get; init; }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Calls++;
            await Task.Yield();
            if (EndQuietlyOnCancel)
            {
                await Task.WhenAny(Task.Delay(Timeout.Infinite, cancellationToken));
            }

            foreach (var update in updates)
            {
                yield return update;
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
