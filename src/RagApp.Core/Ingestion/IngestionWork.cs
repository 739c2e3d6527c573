using RagApp.Core.Retrieval;

namespace RagApp.Core.Ingestion;

/// <summary>What the reading stage hands the writing stage of the ingestion pipeline.</summary>
internal abstract record IngestionWork(SourceFile File);

/// <summary>A document extracted and chunked, ready to embed and store.</summary>
internal sealed record PreparedDocument(SourceFile File, DocumentManifest Manifest, IReadOnlyList<DocumentChunk> Chunks, string FileType, bool IsUpdate)
    : IngestionWork(File);

/// <summary>A document whose bytes did not change but whose size or time did: only its manifest is rewritten.</summary>
internal sealed record TouchedDocument(SourceFile File, DocumentManifest Manifest) : IngestionWork(File);

/// <summary>A document that now has no text and must leave the index.</summary>
internal sealed record EmptiedDocument(SourceFile File) : IngestionWork(File);
