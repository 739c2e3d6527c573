using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using RagApp.Core.Chat;
using RagApp.Core.Options;
using RagApp.Core.Prompts;
using RagApp.Core.Retrieval;
using RagApp.Infrastructure.ChatModels;
using Xunit;

namespace RagApp.Infrastructure.Tests.ChatModels;

public sealed class ChatServiceCollectionExtensionsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ragapp-prompts-").FullName;

    [Fact]
    public async Task AddRagChat_ResolvesAnExtractiveServiceThatAnswers()
    {
        using var provider = Build(PromptsFolderWith(null));

        var answer = await provider.GetRequiredService<IGroundedAnswerService>().AskAsync("How long does the battery last?", cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(answer.Grounded);
        Assert.Equal("extractive", answer.Provider);
        Assert.StartsWith("The X200 battery lasts twelve hours on a full charge. [1]", answer.Answer, StringComparison.Ordinal);
        Assert.NotNull(provider.GetRequiredService<Kernel>().Plugins[RagKernelFactory.SearchPluginName]);
    }

    [Fact]
    public void AddRagChat_BrokenTemplate_FailsWhenPromptsAreFirstNeededWithThePath()
    {
        using var provider = Build(PromptsFolderWith("{ not json"));

        // Nothing is checked at start (commands that never prompt run as usual); the answering service cannot be built.
        Assert.Null(provider.GetService<IStartupValidator>());
        var ex = Assert.Throws<PromptTemplateException>(() => provider.GetRequiredService<IGroundedAnswerService>());

        Assert.Contains(Path.Combine(_folder, "Rag", "RewriteQuery", "config.json"), ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private ServiceProvider Build(string promptsFolder)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IRetriever>(StubRetriever.Default);
        services.AddSingleton(Options.Create(new ChatProviderOptions()));
        services.AddSingleton(Options.Create(new RetrievalOptions()));
        services.AddRagChat();
        services.Configure<PromptOptions>(o => o.PromptsPath = promptsFolder);
        return services.BuildServiceProvider();
    }

    private string PromptsFolderWith(string? rewriteConfig)
    {
        if (rewriteConfig is not null)
        {
            var folder = Path.Combine(_folder, "Rag", "RewriteQuery");
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "skprompt.txt"), "Rewrite {{$question}}");
            File.WriteAllText(Path.Combine(folder, "config.json"), rewriteConfig);
        }

        return _folder;
    }
}
