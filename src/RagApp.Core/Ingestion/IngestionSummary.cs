using System.Text.Json.Serialization;

namespace RagApp.Core.Ingestion;

/// <summary>The outcome of one ingestion run; serialises to the contract's <c>ingest --json</c> shape.</summary>
public sealed class IngestionSummary
{
    [JsonPropertyName("added")] public int Added { get; set; }
    [JsonPropertyName("updated")] public int Updated { get; set; }
    [JsonPropertyName("unchanged")] public int Unchanged { get; set; }
    [JsonPropertyName("removed")] public int Removed { get; set; }

    /// <summary>Documents in the index after the run.</summary>
    [JsonPropertyName("documents")] public long Documents { get; set; }

    /// <summary>Chunks in the index after the run.</summary>
    [JsonPropertyName("chunks")] public long Chunks { get; set; }

    [JsonPropertyName("failed")] public List<IngestionFailure> Failed { get; } = [];
    [JsonPropertyName("skipped")] public List<IngestionSkip> Skipped { get; } = [];
    [JsonPropertyName("seconds")] public double Seconds { get; set; }

    /// <summary>Chunks whose vectors were computed in this run.</summary>
    [JsonPropertyName("embeddedChunks")] public int EmbeddedChunks { get; set; }

    /// <summary>Seconds spent hashing, extracting and chunking files (the reading stage; it overlaps embedding).</summary>
    [JsonPropertyName("extractSeconds")] public double ExtractSeconds { get; set; }

    /// <summary>Seconds spent computing embeddings.</summary>
    [JsonPropertyName("embedSeconds")] public double EmbedSeconds { get; set; }

    /// <summary>Chunks whose vectors came from the embedding cache (unchanged text, renamed or copied files).</summary>
    [JsonPropertyName("reusedChunks")] public int ReusedChunks { get; set; }

    /// <summary>The process's peak resident memory so far, in MB (set by the program when it reports the run).</summary>
    [JsonPropertyName("peakMemoryMb")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? PeakMemoryMb { get; set; }
}
