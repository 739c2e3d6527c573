namespace RagApp.Core.Retrieval;

/// <summary>A chunk on its way through one retrieval: its score so far, its vector and what is known of its relevance.</summary>
internal sealed class RetrievalCandidate(ChunkRecord chunk, double score)
{
    public ChunkRecord Chunk { get; } = chunk;

    /// <summary>Score of the mode used (cosine, BM25 or fused).</summary>
    public double Score { get; set; } = score;

    /// <summary>Cosine similarity to the query, when a vector was at hand.</summary>
    public double? Similarity { get; set; }

    /// <summary>True when the keyword list found it with a positive score and a query term occurs in its text.</summary>
    public bool KeywordMatched { get; set; }

    /// <summary>The chunk's vector: the one the store returned, else one looked up in the store; empty when unknown.</summary>
    public ReadOnlyMemory<float> Vector { get; set; } = chunk.Vector;

    public RetrievedChunk ToResult(int rank, double minRelevance) =>
        new(Chunk, rank, Score, Similarity, Similarity is { } similarity ? similarity >= minRelevance : KeywordMatched);
}
