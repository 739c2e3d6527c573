namespace RagApp.Core.Retrieval;

/// <summary>Which ranking a search uses.</summary>
public enum RetrievalMode
{
    /// <summary>Dense and keyword lists fused by weighted reciprocal rank fusion.</summary>
    Hybrid,

    /// <summary>Cosine similarity of embeddings only.</summary>
    Dense,

    /// <summary>BM25 keyword ranking only.</summary>
    Keyword,
}
