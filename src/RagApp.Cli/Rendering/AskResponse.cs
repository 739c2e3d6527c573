using System.Text.Json.Serialization;
using RagApp.Core.Chat;

namespace RagApp.Cli.Rendering;

/// <summary>The contract's <c>ask --json</c> document.</summary>
public sealed record AskResponse(
    [property: JsonPropertyName("answer")] string Answer,
    [property: JsonPropertyName("grounded")] bool Grounded,
    [property: JsonPropertyName("provider")] string Provider,
    [property: JsonPropertyName("citations")] IReadOnlyList<AskCitation> Citations,
    [property: JsonPropertyName("query")] string Query)
{
    public static AskResponse From(GroundedAnswer answer) => new(
        answer.Answer,
        answer.Grounded,
        answer.Provider,
        [.. answer.Citations.Select(c => new AskCitation(c.N, c.Source, c.Page, c.ChunkId, c.Section))],
        answer.SearchQuery);
}

/// <summary>One citation of <c>ask --json</c>.</summary>
public sealed record AskCitation(
    [property: JsonPropertyName("n")] int N,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("page")] int? Page,
    [property: JsonPropertyName("chunkId")] string ChunkId,
    [property: JsonPropertyName("section")] string Section);
