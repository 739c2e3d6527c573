namespace RagApp.Core.Retrieval;

/// <summary>What the index knows of one ingested document, written last, after its chunks.</summary>
/// <param name="Source">Path relative to the folder it was ingested from; the document's key.</param>
/// <param name="FullPath">Absolute path it was read from.</param>
/// <param name="SizeBytes">File size when read.</param>
/// <param name="ModifiedUtc">File modification time when read.</param>
/// <param name="ContentSha256">SHA-256 (hex) of the file's bytes.</param>
/// <param name="ChunkCount">Chunks stored for it.</param>
/// <param name="Format">Extractor format name.</param>
/// <param name="Title">Document title.</param>
/// <param name="IngestedUtc">When it was stored.</param>
public sealed record DocumentManifest(
    string Source,
    string FullPath,
    long SizeBytes,
    DateTimeOffset ModifiedUtc,
    string ContentSha256,
    int ChunkCount,
    string Format,
    string Title,
    DateTimeOffset IngestedUtc);
