using Microsoft.SemanticKernel;

namespace RagApp.Infrastructure.ChatModels;

/// <summary>A prompt template read and parsed at start.</summary>
/// <param name="Name">Function name (<c>GroundedAnswer</c>).</param>
/// <param name="Origin">The folder it came from, or <c>built-in</c>.</param>
/// <param name="Config">Semantic Kernel's template configuration (template text, variables, execution settings).</param>
/// <param name="Template">The parsed template.</param>
internal sealed record LoadedPrompt(string Name, string Origin, PromptTemplateConfig Config, IPromptTemplate Template);
