using System.Diagnostics;
using System.Text.Json;
using RagApp.Core.Chat;
using RagApp.Core.Options;
using Xunit;

namespace RagApp.Infrastructure.Tests.ChatModels;

/// <summary>
/// The <c>ollama</c> provider through the real OllamaSharp client. The loopback server is a stand-in for an Ollama
/// server: it speaks the native <c>/api/chat</c> protocol, streaming one JSON object a line.
/// </summary>
public sealed class OllamaChatProviderTests : IAsyncDisposable
{
    private const string Expected = "The battery lasts twelve hours [1] and charges in two [2].";
    private readonly LoopbackHttpServer _server = new(OllamaWire.Answer("The battery lasts ", "twelve hours [1]", " and charges in two [2]."));

    private ChatProviderOptions Options => new()
    {
        Provider = "ollama",
        Endpoint = $"http://127.0.0.1:{_server.Port}",
        Model = "test-model",
        TimeoutSeconds = 10,
    };

    [Fact]
    public async Task AskAsync_StreamedAnswer_HasCitationsAndSendsGroundedPrompt()
    {
        var service = ChatTestServices.Answers(Options);

        var answer = await service.AskAsync("How long does the X200 battery last?", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(Expected, answer.Answer);
        Assert.Equal("ollama", answer.Provider);
        Assert.Equal([1, 2], answer.Citations.Select(c => c.N));
        var (path, body) = Assert.Single(_server.Requests);
        Assert.Equal("/api/chat", path);
        var request = JsonDocument.Parse(body).RootElement;
        Assert.Equal("test-model", request.GetProperty("model").GetString());
        Assert.Equal("system", request.GetProperty("messages")[0].GetProperty("role").GetString());
        Assert.Contains("<source id=\"2\" file=\"faq.md\">", request.GetProperty("messages")[1].GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamAsync_FollowUp_RewritesThenStreams()
    {
        _server.Then(OllamaWire.Answer("X200 battery life"));
        var service = ChatTestServices.Answers(Options);
        var updates = new List<AnswerUpdate>();

        await foreach (var update in service.StreamAsync("and its battery?", [new(Microsoft.Extensions.AI.ChatRole.User, "Tell me about the X200"), new(Microsoft.Extensions.AI.ChatRole.Assistant, "A phone [1].")], cancellationToken: TestContext.Current.CancellationToken))
        {
            updates.Add(update);
        }

        Assert.Equal("X200 battery life", updates[0].Text);
        Assert.Equal(Expected, string.Concat(updates.Where(u => u.Kind == AnswerUpdateKind.Text).Select(u => u.Text)));
        Assert.Equal(2, _server.Requests.Count);
    }

    [Theory]
    [InlineData(500, "server error (HTTP 500)")]
    [InlineData(404, "check Chat:Model")]
    public async Task AskAsync_HttpError_GivesOneLineMessage_ThenAnswersNextQuestion(int status, string expected)
    {
        _server.Then(OllamaWire.Error(status, "model \"test-model\" not found, try pulling it first"));
        var service = ChatTestServices.Answers(Options);

        var ex = await Assert.ThrowsAsync<ChatProviderException>(() => service.AskAsync("Battery?", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        await AssertAnswersNextQuestion(service);
    }

    [Fact]
    public async Task AskAsync_ServerStalls_TimesOut_ThenAnswersNextQuestion()
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
    public async Task AskAsync_StreamCutMidway_SaysSo_ThenAnswersNextQuestion()
    {
        _server.Then(async (context, _) =>
        {
            await OllamaWire.StreamAsync(context.Response, ["The battery ", "lasts"], finish: false);

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
            ? LoopbackHttpServer.HeadersThenDropAsync(context.Response, "application/x-ndjson")
            : OllamaWire.StreamAsync(context.Response, [], finish: false));
        var service = ChatTestServices.Answers(Options);

        var ex = await Assert.ThrowsAsync<ChatProviderException>(() => service.AskAsync("Battery?", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("ollama closed the connection before answering; ask again.", ex.Message);
        Assert.Single(_server.Requests); // the server had taken the request: reported, not sent again
        await AssertAnswersNextQuestion(service);
    }

    [Fact]
    public async Task AskAsync_MalformedJson_SaysSo_ThenAnswersNextQuestion()
    {
        _server.Then(async (context, _) =>
        {
            context.Response.ContentType = "application/x-ndjson";
            await LoopbackHttpServer.WriteAsync(context.Response, "{\"model\": \"test-model\", \"message\": {oops\n");
        });
        var service = ChatTestServices.Answers(Options);

        var ex = await Assert.ThrowsAsync<ChatProviderException>(() => service.AskAsync("Battery?", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("malformed response", ex.Message, StringComparison.Ordinal);
        await AssertAnswersNextQuestion(service);
    }

    [Fact]
    public async Task AskAsync_NothingListening_SaysConnectionRefused()
    {
        var options = Options;
        options.Endpoint = $"http://127.0.0.1:{LoopbackHttpServer.FreePort()}";
        var service = ChatTestServices.Answers(options);

        var ex = await Assert.ThrowsAsync<ChatProviderException>(() => service.AskAsync("Battery?", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal($"cannot reach Chat:Endpoint {options.Endpoint}: connection refused.", ex.Message);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static async Task AssertAnswersNextQuestion(GroundedAnswerService service)
    {
        var answer = await service.AskAsync("And the battery?", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(Expected, answer.Answer);
    }
}
