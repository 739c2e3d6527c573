namespace RagApp.Core.Chat;

/// <summary>The result of checking an answer's citation markers.</summary>
/// <param name="Text">The answer with markers that refer to no source removed.</param>
/// <param name="Cited">Source numbers cited, in order of first appearance, each once.</param>
/// <param name="Invalid">Numbers cited that refer to no source given to the model, each once.</param>
public sealed record CitationCheck(string Text, IReadOnlyList<int> Cited, IReadOnlyList<int> Invalid);
