using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using RagApp.Core.Chat;
using RagApp.Core.Options;
using RagApp.Core.Prompts;
using RagApp.Infrastructure.ChatModels;
using Xunit;

namespace RagApp.Infrastructure.Tests.ChatModels;

public class RagKernelFactoryTests
{
    [Fact]
    public async Task SearchDocuments_ReturnsNumberedSourceBlocks()
    {
        var kernel = CreateKernel(new RecordingChatClient("unused"));

        var result = await kernel.InvokeAsync<string>(RagKernelFactory.SearchPluginName, "SearchDocuments", new() { ["query"] = "battery" }, TestContext.Current.CancellationToken);

        Assert.Contains("<source id=\"1\" file=\"manual.pdf\" page=\"4\">", result, StringComparison.Ordinal);
        Assert.Contains("<source id=\"2\" file=\"faq.md\">", result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GroundedAnswerFunction_RunsThePromptFolderTemplateOnTheKernelsChatClient()
    {
        var chat = new RecordingChatClient("Twelve hours [1].");
        var kernel = CreateKernel(chat);
        var sources = await kernel.InvokeAsync<string>(RagKernelFactory.SearchPluginName, "SearchDocuments", new() { ["query"] = "battery" }, TestContext.Current.CancellationToken);

        var result = await kernel.InvokeAsync(PromptNames.Plugin, PromptNames.GroundedAnswer, new()
        {
            [PromptNames.Sources] = sources,
            [PromptNames.History] = "(none)",
            [PromptNames.Question] = "How long does the battery last?",
        }, TestContext.Current.CancellationToken);

        Assert.Equal("Twelve hours [1].", result.GetValue<string>());
        var sent = Assert.Single(chat.Calls);
        Assert.Equal(ChatRole.System, sent[0].Role);
        Assert.Contains("<source id=\"1\" file=\"manual.pdf\" page=\"4\">", sent[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void PromptsFolder_IsReadableBySemanticKernelsOwnPromptDirectoryLoader()
    {
        var plugin = new Kernel().CreatePluginFromPromptDirectory(Path.Combine(ChatTestServices.PromptsFolder, PromptNames.Plugin));

        Assert.Equal(PromptNames.Plugin, plugin.Name);
        Assert.Equal(["sources", "history", "question"], plugin[PromptNames.GroundedAnswer].Metadata.Parameters.Select(p => p.Name));
        Assert.Equal(["history", "question"], plugin[PromptNames.RewriteQuery].Metadata.Parameters.Select(p => p.Name));
    }

    private static Kernel CreateKernel(IChatClient chat) => RagKernelFactory.Create(
        new FixedChatClientSource(chat),
        ChatTestServices.Prompts(),
        new DocumentSearchPlugin(StubRetriever.Default, Options.Create(new RetrievalOptions())));

    private sealed class FixedChatClientSource(IChatClient chat) : IChatClientSource
    {
        public string ProviderName => "test";

        public IChatClient? GetChatClient() => chat;
    }
}
