using RagApp.Core.Retrieval;

namespace RagApp.Core.Evaluation;

/// <summary>Turns ranked chunks into ranked documents: a document ranks where its best chunk does.</summary>
public static class DocumentRanking
{
    /// <summary>
    /// Document ids (the chunks' <see cref="ChunkRecord.Source"/>, mapped through <paramref name="documentIdOf"/> when given)
    /// in the order of their first chunk, at most <paramref name="top"/>.
    /// </summary>
    public static IReadOnlyList<string> FromChunks(IEnumerable<RetrievedChunk> chunks, int top, Func<string, string>? documentIdOf = null)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var documents = new List<string>();
        foreach (var chunk in chunks.OrderBy(c => c.Rank))
        {
            var id = documentIdOf is null ? chunk.Chunk.Source : documentIdOf(chunk.Chunk.Source);
            if (seen.Add(id))
            {
                documents.Add(id);
                if (documents.Count == top)
                {
                    break;
                }
            }
        }

        return documents;
    }
}
