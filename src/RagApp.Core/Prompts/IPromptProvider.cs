namespace RagApp.Core.Prompts;

/// <summary>
/// Reads the prompt templates (the user-editable <c>prompts/</c> folder, with built-in defaults) and fills them in.
/// Variable values are data: text in them can never open a new message or change the template.
/// </summary>
public interface IPromptProvider
{
    /// <summary>Fills in template <paramref name="name"/> (see <see cref="PromptNames"/>) with <paramref name="variables"/>.</summary>
    /// <exception cref="PromptTemplateException">The template is missing or broken.</exception>
    Task<RenderedPrompt> RenderAsync(string name, IReadOnlyDictionary<string, string> variables, CancellationToken cancellationToken = default);
}
