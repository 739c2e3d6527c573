using RagApp.Core.Chat;
using RagApp.Core.Options;
using RagApp.Infrastructure.ChatModels;
using Xunit;

namespace RagApp.Infrastructure.Tests.ChatModels;

public class ChatClientFactoryTests
{
    [Fact]
    public void Create_Extractive_ReturnsNoClient()
    {
        Assert.Null(ChatClientFactory.Create(new ChatProviderOptions { Provider = "extractive" }));
    }

    [Theory]
    [InlineData("ollama", null, null, "Chat:Model is required for Chat:Provider ollama.")]
    [InlineData("openai", null, "gpt-4o-mini", "Chat:ApiKey (RAGAPP_Chat__ApiKey) is required for api.openai.com; or set Chat:Endpoint to a compatible server.")]
    [InlineData("openai", "localhost:8080", "m", "Chat:Endpoint 'localhost:8080' is not an http(s) URL.")]
    [InlineData("azure-openai", null, "gpt-4o", "Chat:Endpoint is required for Chat:Provider azure-openai.")]
    [InlineData("azure-openai", "https://x.openai.azure.com/", "gpt-4o", "Chat:ApiKey (RAGAPP_Chat__ApiKey) is required for Chat:Provider azure-openai.")]
    [InlineData("llama", null, null, "Chat:ModelPath is required for Chat:Provider llama.")]
    [InlineData("onnx", null, null, "Chat:ModelPath is required for Chat:Provider onnx.")]
    [InlineData("gemini", null, null, "Chat:Provider 'gemini' is not one of extractive, openai, azure-openai, ollama, llama, onnx.")]
    public void Create_MissingOrWrongSetting_NamesIt(string provider, string? endpoint, string? model, string expected)
    {
        var ex = Assert.Throws<ChatProviderException>(() => ChatClientFactory.Create(new ChatProviderOptions { Provider = provider, Endpoint = endpoint, Model = model }));

        Assert.Equal(expected, ex.Message);
    }

    [Fact]
    public void Create_OnnxFolderWithoutGenAiConfig_SaysSo()
    {
        var folder = Directory.CreateTempSubdirectory("ragapp-onnx-").FullName;
        try
        {
            var ex = Assert.Throws<ChatProviderException>(() => ChatClientFactory.Create(new ChatProviderOptions { Provider = "onnx", ModelPath = folder }));

            Assert.Contains("no genai_config.json", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    [Fact]
    public void Create_AzureOpenAI_BuildsAClientWithoutCallingTheService()
    {
        using var client = ChatClientFactory.Create(new ChatProviderOptions
        {
            Provider = "azure-openai",
            Endpoint = "https://example.openai.azure.com/",
            Model = "gpt-4o",
            ApiKey = "secret",
        });

        Assert.NotNull(client);
    }

    [Fact]
    public void GetChatClient_IsCreatedOnceOnFirstUse()
    {
        using var factory = new ChatClientFactory(Microsoft.Extensions.Options.Options.Create(new ChatProviderOptions
        {
            Provider = "openai",
            Endpoint = "http://127.0.0.1:9/v1",
            Model = "m",
        }));

        Assert.Equal("openai", factory.ProviderName);
        Assert.Same(factory.GetChatClient(), factory.GetChatClient());
    }
}
