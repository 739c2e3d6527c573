namespace RagApp.Core.Retrieval;

/// <summary>A chunk found for a query.</summary>
/// <param name="Chunk">The chunk.</param>
/// <param name="Rank">1-based rank.</param>
/// <param name="Score">The ranking score of the mode used (fused score for hybrid).</param>
/// <param name="Similarity">Cosine similarity of the chunk to the query, when the dense side computed it.</param>
/// <param name="IsRelevant">True when the chunk is relevant enough to ground an answer (above the minimum relevance).</param>
public sealed record RetrievedChunk(ChunkRecord Chunk, int Rank, double Score, double? Similarity, bool IsRelevant);
