namespace RagApp.Core.Chat;

/// <summary>What an <see cref="AnswerUpdate"/> carries.</summary>
public enum AnswerUpdateKind
{
    /// <summary>The query about to be searched (first update).</summary>
    SearchQuery,

    /// <summary>A piece of answer text, to print as it comes.</summary>
    Text,

    /// <summary>The finished answer with its citations (last update).</summary>
    Completed,
}
