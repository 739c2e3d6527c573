namespace RagApp.Core.Ingestion;

/// <summary>A progress report of an ingestion run.</summary>
/// <param name="FilesDone">Files finished (whatever the outcome).</param>
/// <param name="FilesTotal">Files found so far.</param>
/// <param name="ChunksEmbedded">Chunks embedded so far.</param>
/// <param name="CurrentFile">The file just finished or being worked on.</param>
/// <param name="Message">A line worth showing (a failure or a skip), else null.</param>
public sealed record IngestionProgress(int FilesDone, int FilesTotal, int ChunksEmbedded, string? CurrentFile, string? Message = null)
{
    /// <summary>The file being read (hashed, extracted, chunked) now, if any.</summary>
    public string? Reading { get; init; }

    /// <summary>The file whose chunks are being embedded now (the first of a group of small ones), if any.</summary>
    public string? Embedding { get; init; }

    /// <summary>The embedding waits for the encoder to load (the first batch of a run that made or changed a model).</summary>
    public bool LoadingEncoder { get; init; }
}
