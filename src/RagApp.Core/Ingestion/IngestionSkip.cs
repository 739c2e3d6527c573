using System.Text.Json.Serialization;

namespace RagApp.Core.Ingestion;

/// <summary>A file that was passed over on purpose (unsupported type, empty, too large), and why.</summary>
public sealed record IngestionSkip([property: JsonPropertyName("path")] string Path, [property: JsonPropertyName("reason")] string Reason);
