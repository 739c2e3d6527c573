using Microsoft.Extensions.AI;
using RagApp.Core.Chat;
using RagApp.Core.Options;
using RagApp.Infrastructure.ChatModels;
using RagApp.Tests.Shared;
using Xunit;

namespace RagApp.Infrastructure.Tests.ChatModels;

/// <summary>
/// The in-process <c>llama</c> provider on a real 1.7 MB GGUF model with random weights: its text is nonsense, so the
/// tests check the plumbing (loads, streams tokens, stops at the token limit, no exception), not the answer.
/// </summary>
public sealed class LlamaChatProviderTests
{
    private static ChatProviderOptions Options => new()
    {
        Provider = "llama",
        ModelPath = SharedData.DataPath("tiny-gguf", "llama-2-tiny-random.gguf"),
        MaxOutputTokens = 8,
        ContextSize = 512,
        TimeoutSeconds = 60,
    };

    [Fact]
    public async Task StreamAsync_TinyModel_StreamsTokensThroughTheGroundedService()
    {
        var service = ChatTestServices.Answers(Options);
        var pieces = 0;
        GroundedAnswer? answer = null;

        await foreach (var update in service.StreamAsync("How long does the battery last?", [], cancellationToken: TestContext.Current.CancellationToken))
        {
            pieces += update.Kind == AnswerUpdateKind.Text ? 1 : 0;
            answer = update.Answer ?? answer;
        }

        Assert.True(pieces > 0, "no text streamed");
        Assert.NotNull(answer);
        Assert.Equal("llama", answer.Provider);
        Assert.Equal(2, answer.Sources.Count);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_RespectsMaxOutputTokens()
    {
        using var client = ChatClientFactory.Create(Options)!;
        var updates = 0;

        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Hello")], new ChatOptions { MaxOutputTokens = 4 }, TestContext.Current.CancellationToken))
        {
            updates += string.IsNullOrEmpty(update.Text) ? 0 : 1;
        }

        Assert.InRange(updates, 1, 4);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_AnswerFillsTheRestOfTheContext_NamesTheSettings()
    {
        // The prompt fits, the answer may not: LLamaSharp's own message named a setting of its own API.
        var options = Options;
        options.ContextSize = 128;
        options.MaxOutputTokens = 400;
        using var client = ChatClientFactory.Create(options)!;
        var prompt = string.Join(" ", Enumerable.Repeat("hello world", 40));

        var ex = await Assert.ThrowsAsync<ChatProviderException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, prompt)], new ChatOptions { MaxOutputTokens = 400 }, TestContext.Current.CancellationToken))
            {
                Assert.NotNull(update);
            }
        });

        Assert.StartsWith("the answer filled the model's context before it ended: raise Chat:ContextSize (now 128)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_PromptLongerThanContext_NamesChatContextSize()
    {
        var options = Options;
        options.ContextSize = 128;
        using var client = ChatClientFactory.Create(options)!;
        var prompt = string.Join(" ", Enumerable.Repeat("hello world", 400));

        var ex = await Assert.ThrowsAsync<ChatProviderException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, prompt)], new ChatOptions { MaxOutputTokens = 4 }, TestContext.Current.CancellationToken))
            {
                Assert.NotNull(update);
            }
        });

        Assert.Contains("raise Chat:ContextSize (now 128)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_MissingModelFile_NamesTheSetting()
    {
        var options = Options;
        options.ModelPath = "/nonexistent/model.gguf";

        var ex = Assert.Throws<ChatProviderException>(() => ChatClientFactory.Create(options));

        Assert.Equal("Chat:ModelPath /nonexistent/model.gguf not found.", ex.Message);
    }

    [Fact]
    public void Create_ModelPathIsAFolder_SaysSo()
    {
        var options = Options;
        options.ModelPath = Path.GetTempPath();

        var ex = Assert.Throws<ChatProviderException>(() => ChatClientFactory.Create(options));

        Assert.Equal($"Chat:ModelPath {Path.GetFullPath(Path.GetTempPath())} is a folder; Chat:Provider llama needs a model file (.gguf).", ex.Message);
    }

    [Fact]
    public void Create_NotAGgufFile_SaysSo()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "not a model");
            var options = Options;
            options.ModelPath = path;

            var ex = Assert.Throws<ChatProviderException>(() => ChatClientFactory.Create(options));

            Assert.Contains("is not a GGUF model", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
