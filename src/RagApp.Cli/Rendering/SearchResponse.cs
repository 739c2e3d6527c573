using System.Text.Json.Serialization;

namespace RagApp.Cli.Rendering;

/// <summary>The contract's <c>search --json</c> document.</summary>
public sealed record SearchResponse(
    [property: JsonPropertyName("results")] IReadOnlyList<SearchResultItem> Results,
    [property: JsonPropertyName("ms")] double Ms);
