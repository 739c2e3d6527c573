using System.Text.Json.Serialization;
using RagApp.Core.Retrieval;

namespace RagApp.Cli.Rendering;

/// <summary>One result of <c>search --json</c>.</summary>
public sealed record SearchResultItem(
    [property: JsonPropertyName("rank")] int Rank,
    [property: JsonPropertyName("score")] double Score,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("page")] int? Page,
    [property: JsonPropertyName("pageEnd")] int? PageEnd,
    [property: JsonPropertyName("section")] string Section,
    [property: JsonPropertyName("chunkId")] string ChunkId,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("similarity")] double? Similarity)
{
    public static SearchResultItem From(RetrievedChunk result) => new(
        result.Rank,
        Math.Round(result.Score, 6),
        result.Chunk.Source,
        result.Chunk.Page,
        result.Chunk.PageEnd ?? result.Chunk.Page,
        result.Chunk.Section,
        result.Chunk.Id,
        result.Chunk.Text,
        result.Similarity is { } s ? Math.Round(s, 6) : null);
}
