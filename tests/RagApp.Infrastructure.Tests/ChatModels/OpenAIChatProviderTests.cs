using System.Diagnostics;
using System.Text.Json;
using RagApp.Core.Chat;
using RagApp.Core.Options;
using Xunit;

namespace RagApp.Infrastructure.Tests.ChatModels;

/// <summary>
/// The <c>openai</c> provider through the real Semantic Kernel OpenAI connector. The loopback server is a stand-in for
/// an OpenAI-compatible service (OpenAI, Ollama /v1, vLLM, LM Studio, llama.cpp): it speaks the chat-completions wire
/// protocol, streaming with server-sent events.
/// </summary>
public sealed class OpenAIChatProviderTests : IAsyncDisposable
{
    private const string Key = "sk-test-secret-4242";
    private readonly LoopbackHttpServer _server = new(OpenAIWire.Answer("The battery lasts ", "twelve hours [1]", " and charges in two [2]."));

    private ChatProviderOptions Options => new()
    {
        Provider = "openai",
        Endpoint = $"http://127.0.0.1:{_server.Port}/v1",
        Model = "test-model",
        ApiKey = Key,
        TimeoutSeconds = 10,
    };

    [Fact]
    public async Task AskAsync_StreamedAnswer_HasCitationsAndSendsGroundedPrompt()
    {
        var service = ChatTestServices.Answers(Options);

        var answer = await service.AskAsync("How long does the X200 battery last?", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("The battery lasts twelve hours [1] and charges in two [2].", answer.Answer);
        Assert.True(answer.Grounded);
        Assert.Equal("openai", answer.Provider);
        Assert.Equal(["manual.pdf", "faq.md"], answer.Citations.Select(c => c.Source));
        Assert.Equal(4, answer.Citations[0].Page);
        var (path, body) = Assert.Single(_server.Requests);
        Assert.Equal("/v1/chat/completions", path);
        var request = JsonDocument.Parse(body).RootElement;
        Assert.True(request.GetProperty("stream").GetBoolean());
        Assert.Equal("test-model", request.GetProperty("model").GetString());
        var messages = request.GetProperty("messages");
        Assert.Equal("system", messages[0].GetProperty("role").GetString());
        Assert.Contains("using only the numbered sources", messages[0].GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Contains("<source id=\"1\" file=\"manual.pdf\" page=\"4\">", messages[1].GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamAsync_PiecesArriveAsTheyAreStreamed()
    {
        var service = ChatTestServices.Answers(Options);
        var pieces = new List<string>();

        await foreach (var update in service.StreamAsync("Battery?", [], cancellationToken: TestContext.Current.CancellationToken))
        {
            if (update.Kind == AnswerUpdateKind.Text)
            {
                pieces.Add(update.Text);
            }
        }

        Assert.True(pieces.Count >= 3, string.Join("|", pieces));
        Assert.Equal("The battery lasts twelve hours [1] and charges in two [2].", string.Concat(pieces));
    }

    [Fact]
    public async Task AskAsync_RateLimitedOnce_RetriesAfterRetryAfterAndAnswers()
    {
        _server.Then(OpenAIWire.Error(429, "slow down", ("Retry-After", "1")));
        var service = ChatTestServices.Answers(Options);
        var clock = Stopwatch.StartNew();

        var answer = await service.AskAsync("Battery?", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Contains("twelve hours [1]", answer.Answer, StringComparison.Ordinal);
        Assert.Equal(2, _server.Requests.Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"retried after {clock.Elapsed}");
    }

    [Fact]
    public async Task AskAsync_RateLimitedThroughout_GivesClearMessage_ThenAnswersNextQuestion()
    {
        for (var i = 0; i < 3; i++)
        {
            _server.Then(OpenAIWire.Error(429, "slow down", ("Retry-After", "0")));
        }

        var service = ChatTestServices.Answers(Options);

        var ex = await Assert.ThrowsAsync<ChatProviderException>(() => service.AskAsync("Battery?", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("HTTP 429", ex.Message, StringComparison.Ordinal);
        Assert.Contains("3 attempts", ex.Message, StringComparison.Ordinal);
        await AssertAnswersNextQuestion(service);
    }

    [Theory]
    [InlineData(500, "server error (HTTP 500)")]
    [InlineData(401, "check Chat:ApiKey (RAGAPP_Chat__ApiKey)")]
    [InlineData(404, "check Chat:Model")]
    public async Task AskAsync_HttpError_GivesOneLineMessageNamingTheSetting(int status, string expected)
    {
        _server.Then(OpenAIWire.Error(status, $"failure for key {Key}"));
        var service = ChatTestServices.Answers(Options);

        var ex = await Assert.ThrowsAsync<ChatProviderException>(() => service.AskAsync("Battery?", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.DoesNotContain(Key, ex.Message, StringComparison.Ordinal);
        await AssertAnswersNextQuestion(service);
    }

    [Fact]
    public async Task AskAsync_ServerError_QuotesWhatTheServerSaid()
    {
        _server.Then(OpenAIWire.Error(500, "the model crashed: out of memory"));
        var service = ChatTestServices.Answers(Options);

        var ex = await Assert.ThrowsAsync<ChatProviderException>(() => service.AskAsync("Battery?", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("server error (HTTP 500)", ex.Message, StringComparison.Ordinal);
        Assert.Contains(": \"the model crashed: out of memory\"; try again later.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskAsync_ServerStalls_TimesOutWithTheSettingName()
    {
        _server.Then((_, _) => Task.Delay(TimeSpan.FromSeconds(30), _server.Stopping));
        var options = Options;
        options.TimeoutSeconds = 2;
        var service = ChatTestServices.Answers(options);
        var clock = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<ChatProviderException>(() => service.AskAsync("Battery?", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("Chat:TimeoutSeconds", ex.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"took {clock.Elapsed}");
        await AssertAnswersNextQuestion(service);
    }

    [Fact]
    public async Task AskAsync_StreamCutMidway_SaysSo()
    {
        _server.Then(async (context, _) =>
        {
            await OpenAIWire.StreamAsync(context.Response, ["The battery ", "lasts"], finish: false);

            // Abort resets the connection, and a reset makes the client's system drop what it has not read yet: give
            // the client time to read the first pieces, or on a loaded machine it may see a reset before any text.
            await Task.Delay(300);
            context.Response.Abort();
        });
        var service = ChatTestServices.Answers(Options);

        var ex = await Assert.ThrowsAsync<ChatProviderException>(() => service.AskAsync("Battery?", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("closed the connection in the middle of the answer", ex.Message, StringComparison.Ordinal);
        await AssertAnswersNextQuestion(service);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AskAsync_ServerClosesAfterTheHeadersWithoutAnswering_SaysSo_ThenAnswersNextQuestion(bool drop)
    {
        // 200 and an empty body, or 200 and headers promising a body that never comes.
        _server.Then((context, _) => drop
            ? LoopbackHttpServer.HeadersThenDropAsync(context.Response, "text/event-stream")
            : OpenAIWire.StreamAsync(context.Response, [], finish: false));
        var service = ChatTestServices.Answers(Options);

        var ex = await Assert.ThrowsAsync<ChatProviderException>(() => service.AskAsync("Battery?", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("openai closed the connection before answering; ask again.", ex.Message);
        Assert.Single(_server.Requests); // the server had taken the request: reported, not sent again
        await AssertAnswersNextQuestion(service);
    }

    [Fact]
    public async Task AskAsync_MalformedJson_SaysSo()
    {
        _server.Then(async (context, _) =>
        {
            context.Response.ContentType = "text/event-stream";
            await LoopbackHttpServer.WriteAsync(context.Response, "data: {\"choices\": [ this is not json\n\n");
        });
        var service = ChatTestServices.Answers(Options);

        var ex = await Assert.ThrowsAsync<ChatProviderException>(() => service.AskAsync("Battery?", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("malformed response", ex.Message, StringComparison.Ordinal);
        await AssertAnswersNextQuestion(service);
    }

    [Fact]
    public async Task AskAsync_NothingListening_SaysConnectionRefused()
    {
        var endpoint = $"http://127.0.0.1:{LoopbackHttpServer.FreePort()}/v1";
        var options = Options;
        options.Endpoint = endpoint;
        var service = ChatTestServices.Answers(options);

        var ex = await Assert.ThrowsAsync<ChatProviderException>(() => service.AskAsync("Battery?", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal($"cannot reach Chat:Endpoint {endpoint}: connection refused.", ex.Message);
    }

    [Fact]
    public async Task AskAsync_EmptyApiKeyWithLocalEndpoint_SendsADummyKey()
    {
        var options = Options;
        options.ApiKey = "";
        var service = ChatTestServices.Answers(options);

        var answer = await service.AskAsync("Battery?", cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(answer.Grounded);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static async Task AssertAnswersNextQuestion(GroundedAnswerService service)
    {
        var answer = await service.AskAsync("And the battery?", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("The battery lasts twelve hours [1] and charges in two [2].", answer.Answer);
    }
}
