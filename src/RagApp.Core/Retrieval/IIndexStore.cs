using RagApp.Core.Embeddings;

namespace RagApp.Core.Retrieval;

/// <summary>
/// The index: documents' manifests, their chunks with vectors, keyword and dense search. Every write of one document
/// (its chunks and its manifest) is one transaction, with the manifest written last.
/// </summary>
public interface IIndexStore : IAsyncDisposable
{
    /// <summary>
    /// Opens (creating when absent) the index for this encoder. Throws <see cref="IndexMismatchException"/> when the
    /// index records another encoder fingerprint, with a message that says how to re-index.
    /// </summary>
    Task OpenAsync(EncoderFingerprint fingerprint, CancellationToken cancellationToken = default);

    /// <summary>The manifest of one document, or null.</summary>
    Task<DocumentManifest?> GetDocumentAsync(string source, CancellationToken cancellationToken = default);

    /// <summary>All documents' manifests.</summary>
    IAsyncEnumerable<DocumentManifest> ListDocumentsAsync(CancellationToken cancellationToken = default);

    /// <summary>Replaces a document's chunks and manifest in one transaction (the manifest last).</summary>
    Task ReplaceDocumentAsync(DocumentManifest manifest, IReadOnlyList<ChunkRecord> chunks, CancellationToken cancellationToken = default);

    /// <summary>Updates only the manifest (e.g. a new modification time with the same content). False when the document is absent.</summary>
    Task<bool> TouchDocumentAsync(DocumentManifest manifest, CancellationToken cancellationToken = default);

    /// <summary>Forgets a document and its chunks. False when it was not there.</summary>
    Task<bool> RemoveDocumentAsync(string source, CancellationToken cancellationToken = default);

    /// <summary>The chunks of a document, with vectors, in order (used to re-use the vectors of a copied or renamed file).</summary>
    Task<IReadOnlyList<ChunkRecord>> GetChunksAsync(string source, CancellationToken cancellationToken = default);

    /// <summary>Vectors already computed for these embedding hashes (see <see cref="ChunkRecord.EmbeddingHash"/>), for the embedding cache.</summary>
    Task<IReadOnlyDictionary<string, ReadOnlyMemory<float>>> GetCachedVectorsAsync(IReadOnlyCollection<string> embeddingHashes, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gets ready for a first dense search (an in-process store loads its vectors), so that this work can overlap with
    /// embedding the query. Optional: the default does nothing, and a dense search without it works the same.
    /// </summary>
    Task PrepareDenseSearchAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>The nearest chunks by cosine similarity, best first.</summary>
    Task<IReadOnlyList<ScoredChunk>> DenseSearchAsync(ReadOnlyMemory<float> queryVector, int top, SearchFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>The best chunks by BM25 over the chunk text, best first. Any user text is accepted (it is escaped).</summary>
    Task<IReadOnlyList<ScoredChunk>> KeywordSearchAsync(string query, int top, SearchFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>What the store holds.</summary>
    Task<IndexStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default);
}
