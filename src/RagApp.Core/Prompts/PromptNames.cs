namespace RagApp.Core.Prompts;

/// <summary>Names of the prompt templates (folders under <c>prompts/Rag/</c>) and of their variables.</summary>
public static class PromptNames
{
    /// <summary>The plugin (folder) that holds the templates.</summary>
    public const string Plugin = "Rag";

    /// <summary>Writes the grounded answer. Variables: <see cref="Sources"/>, <see cref="History"/>, <see cref="Question"/>.</summary>
    public const string GroundedAnswer = "GroundedAnswer";

    /// <summary>Turns a follow-up into a standalone search query. Variables: <see cref="History"/>, <see cref="Question"/>.</summary>
    public const string RewriteQuery = "RewriteQuery";

    /// <summary>The numbered source blocks.</summary>
    public const string Sources = "sources";

    /// <summary>The conversation so far, as text.</summary>
    public const string History = "history";

    /// <summary>The user's question.</summary>
    public const string Question = "question";

    /// <summary>Every template the app needs.</summary>
    public static IReadOnlyList<string> All { get; } = [GroundedAnswer, RewriteQuery];
}
