using Microsoft.Extensions.VectorData;

namespace RagApp.Core.Retrieval;

/// <summary>
/// One stored chunk: the record of every store (SQLite, PostgreSQL) and of their VectorData collections.
/// The vector's dimensions in the attribute are a placeholder: stores pass a definition with the encoder's real
/// dimensions, which overrides it.
/// </summary>
public sealed class ChunkRecord
{
    /// <summary>Stable id: a hash of the source and the chunk's ordinal and text.</summary>
    [VectorStoreKey]
    public string Id { get; set; } = "";

    /// <summary>Document path relative to the folder it was ingested from (the file name for a single file).</summary>
    [VectorStoreData(IsIndexed = true)]
    public string Source { get; set; } = "";

    /// <summary>The chunk's text as shown to users and the LLM.</summary>
    [VectorStoreData(IsFullTextIndexed = true)]
    public string Text { get; set; } = "";

    /// <summary>Document title.</summary>
    [VectorStoreData]
    public string Title { get; set; } = "";

    /// <summary>Heading path joined with " > ", empty when none.</summary>
    [VectorStoreData]
    public string Section { get; set; } = "";

    /// <summary>1-based first page for paged formats, else null.</summary>
    [VectorStoreData]
    public int? Page { get; set; }

    /// <summary>1-based last page when the chunk spans pages, else null or equal to <see cref="Page"/>.</summary>
    [VectorStoreData]
    public int? PageEnd { get; set; }

    /// <summary>Position of the chunk in its document, from 0.</summary>
    [VectorStoreData]
    public int Ordinal { get; set; }

    /// <summary>File type, lower case without the dot (<c>pdf</c>, <c>md</c>).</summary>
    [VectorStoreData(IsIndexed = true)]
    public string FileType { get; set; } = "";

    /// <summary>SHA-256 (hex) of the text that was embedded (title, headings and text); keys the embedding cache.</summary>
    [VectorStoreData]
    public string EmbeddingHash { get; set; } = "";

    /// <summary>The normalised embedding.</summary>
    [VectorStoreVector(384, DistanceFunction = DistanceFunction.CosineSimilarity)]
    public ReadOnlyMemory<float> Vector { get; set; }
}
