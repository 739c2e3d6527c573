namespace RagApp.Core.Prompts;

/// <summary>Where the prompt templates are read from (keys of the <c>Chat</c> section).</summary>
public sealed class PromptOptions
{
    public const string SectionName = "Chat";

    /// <summary>
    /// Folder holding <c>Rag/GroundedAnswer</c> and <c>Rag/RewriteQuery</c>. Empty uses <c>prompts/</c> beside the executable;
    /// a template missing there falls back to the built-in default.
    /// </summary>
    public string? PromptsPath { get; set; }
}
