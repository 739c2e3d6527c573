using RagApp.Core.Retrieval;

namespace RagApp.Core.Chat;

/// <summary>A retrieved passage with the number the prompt gives it.</summary>
/// <param name="N">1-based number, as cited by <c>[n]</c>.</param>
/// <param name="Chunk">The retrieved chunk.</param>
public sealed record NumberedSource(int N, RetrievedChunk Chunk)
{
    /// <summary>The citation for this passage.</summary>
    public Citation ToCitation() =>
        new(N, Chunk.Chunk.Source, Chunk.Chunk.Page, Chunk.Chunk.Id, Chunk.Chunk.Section);
}
