namespace RagApp.Core.Retrieval;

/// <summary>A chunk with the score one retrieval method gave it (higher is better).</summary>
/// <param name="Chunk">The chunk (its vector may be empty unless asked for).</param>
/// <param name="Score">Cosine similarity for dense search, the negated BM25 (higher is better) for keyword search, the fused score for hybrid.</param>
public sealed record ScoredChunk(ChunkRecord Chunk, double Score);
