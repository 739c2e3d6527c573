using RagApp.Core.Retrieval;

namespace RagApp.Infrastructure.VectorStores.Sqlite;

/// <summary>
/// Reciprocal rank fusion (Cormack et al., 2009) for the collection's hybrid search: a chunk scores the sum over the
/// lists of 1 / (k + rank), with ranks from 1. Kept private to this connector; the app's retriever has its own, weighted one.
/// </summary>
internal static class SqliteRankFusion
{
    /// <summary>The usual constant; it damps the weight of the very first ranks.</summary>
    public const int K = 60;

    public static IReadOnlyList<ScoredChunk> Fuse(params IReadOnlyList<ScoredChunk>[] lists)
    {
        var fused = new Dictionary<string, (ChunkRecord Chunk, double Score, int BestRank)>(StringComparer.Ordinal);
        foreach (var list in lists)
        {
            for (var i = 0; i < list.Count; i++)
            {
                var chunk = list[i].Chunk;
                var contribution = 1.0 / (K + i + 1);
                fused[chunk.Id] = fused.TryGetValue(chunk.Id, out var entry)
                    ? (entry.Chunk, entry.Score + contribution, Math.Min(entry.BestRank, i))
                    : (chunk, contribution, i);
            }
        }

        return fused.Values
            .OrderByDescending(e => e.Score).ThenBy(e => e.BestRank).ThenBy(e => e.Chunk.Id, StringComparer.Ordinal)
            .Select(e => new ScoredChunk(e.Chunk, e.Score))
            .ToList();
    }
}
