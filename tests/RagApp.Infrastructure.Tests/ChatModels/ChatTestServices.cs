using Microsoft.Extensions.Options;
using RagApp.Core.Chat;
using RagApp.Core.Options;
using RagApp.Core.Prompts;
using RagApp.Core.Retrieval;
using RagApp.Infrastructure.ChatModels;

namespace RagApp.Infrastructure.Tests.ChatModels;

/// <summary>Builds the real grounded-answer stack (prompt provider, factory, wrapper) for a provider configuration.</summary>
internal static class ChatTestServices
{
    public static string PromptsFolder { get; } = FindPromptsFolder();

    public static SemanticKernelPromptProvider Prompts() =>
        new(Options.Create(new PromptOptions { PromptsPath = PromptsFolder }));

    public static GroundedAnswerService Answers(ChatProviderOptions options, IRetriever? retriever = null) =>
        new(retriever ?? StubRetriever.Default, new ChatClientFactory(Options.Create(options)), Prompts(),
            Options.Create(options), Options.Create(new RetrievalOptions()));

    private static string FindPromptsFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "prompts");
            if (Directory.Exists(Path.Combine(candidate, PromptNames.Plugin)))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("The repository's prompts/ folder was not found above the test binaries.");
    }
}
