using System.Text.Json;
using RagApp.Core.Options;
using Xunit;

namespace RagApp.Infrastructure.Tests.ChatModels;

/// <summary>
/// The <c>azure-openai</c> provider through the real Semantic Kernel Azure OpenAI connector. The loopback server is a
/// stand-in for an Azure OpenAI resource: it speaks the same chat-completions wire protocol on the deployment's path.
/// </summary>
public sealed class AzureOpenAIChatProviderTests : IAsyncDisposable
{
    private readonly LoopbackHttpServer _server = new(OpenAIWire.Answer("Twelve hours ", "[1]."));

    [Fact]
    public async Task AskAsync_StreamedAnswer_UsesTheDeploymentAndTheKeyHeader()
    {
        var service = ChatTestServices.Answers(new ChatProviderOptions
        {
            Provider = "azure-openai",
            Endpoint = $"http://127.0.0.1:{_server.Port}/",
            Model = "my-deployment",
            ApiKey = "azure-secret",
            TimeoutSeconds = 10,
        });

        var answer = await service.AskAsync("Battery?", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("Twelve hours [1].", answer.Answer);
        Assert.Equal("azure-openai", answer.Provider);
        var (path, body) = Assert.Single(_server.Requests);
        Assert.Contains("my-deployment", path + body, StringComparison.Ordinal);
        Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("stream").GetBoolean());
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();
}
