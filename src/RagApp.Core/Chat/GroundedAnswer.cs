using RagApp.Core.Retrieval;

namespace RagApp.Core.Chat;

/// <summary>An answer with the sources it rests on.</summary>
/// <param name="Answer">The answer text; citation markers <c>[n]</c> refer to <see cref="Citations"/> only.</param>
/// <param name="Grounded">False when the index held nothing relevant and the program said so instead of answering.</param>
/// <param name="Provider">The chat provider that wrote it (<c>extractive</c>, <c>openai</c>, ...).</param>
/// <param name="Citations">The sources the answer cites, by number.</param>
/// <param name="Sources">Every passage given to the model, numbered as in the prompt (what <c>/sources</c> shows).</param>
/// <param name="SearchQuery">The query actually searched (the rewritten follow-up in a chat).</param>
public sealed record GroundedAnswer(
    string Answer,
    bool Grounded,
    string Provider,
    IReadOnlyList<Citation> Citations,
    IReadOnlyList<NumberedSource> Sources,
    string SearchQuery)
{
    /// <summary>The retrieved chunks behind <see cref="Sources"/>.</summary>
    public IReadOnlyList<RetrievedChunk> Chunks => [.. Sources.Select(s => s.Chunk)];
}
