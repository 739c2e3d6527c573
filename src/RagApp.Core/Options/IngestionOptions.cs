using System.ComponentModel.DataAnnotations;

namespace RagApp.Core.Options;

/// <summary>How documents are read and cut into chunks.</summary>
public sealed class IngestionOptions
{
    public const string SectionName = "Ingestion";

    /// <summary>Folder ingested when <c>ragapp ingest</c> is given no path. Default <c>documents</c>.</summary>
    public string DocumentsPath { get; set; } = "documents";

    /// <summary>Target chunk size in word pieces of the encoder's tokenizer (title and heading path included). 0 fits the encoder's window.</summary>
    [Range(0, 8192)]
    public int ChunkTokens { get; set; }

    /// <summary>Word pieces repeated from the end of one chunk at the start of the next, within one section. Default 32.</summary>
    [Range(0, 1024)]
    public int OverlapTokens { get; set; } = 32;

    /// <summary>
    /// Files larger than this are skipped and listed. Default 100 MiB: the text of a larger file, held with its chunks
    /// while it is embedded, would take ingestion past 1 GB of memory.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 100L * 1024 * 1024;
}
