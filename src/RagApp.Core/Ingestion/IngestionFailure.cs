using System.Text.Json.Serialization;

namespace RagApp.Core.Ingestion;

/// <summary>A file that could not be ingested, and why (one line).</summary>
public sealed record IngestionFailure([property: JsonPropertyName("path")] string Path, [property: JsonPropertyName("error")] string Error);
