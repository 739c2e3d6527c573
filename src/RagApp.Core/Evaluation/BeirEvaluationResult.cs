using System.Text.Json.Serialization;

namespace RagApp.Core.Evaluation;

/// <summary>Retrieval quality of one mode on a BEIR set, shaped as the <c>eval --json</c> output of the contract.</summary>
/// <param name="Mode"><c>hybrid</c>, <c>dense</c> or <c>keyword</c>.</param>
/// <param name="Queries">Queries evaluated (those with judgements).</param>
/// <param name="Documents">Documents in the corpus.</param>
/// <param name="NdcgAt10">Mean nDCG@10.</param>
/// <param name="RecallAt10">Mean recall@10.</param>
/// <param name="RecallAt100">Mean recall@100.</param>
/// <param name="MrrAt10">Mean reciprocal rank within the top 10.</param>
/// <param name="IndexSeconds">Seconds spent indexing the corpus; set by the caller that indexed it.</param>
/// <param name="QueryMsP50">Median query latency in milliseconds (retrieval only, the first warm-up query excluded).</param>
/// <param name="QueryMsP95">95th percentile query latency in milliseconds.</param>
public sealed record BeirEvaluationResult(
    [property: JsonPropertyName("mode")] string Mode,
    [property: JsonPropertyName("queries")] int Queries,
    [property: JsonPropertyName("documents")] int Documents,
    [property: JsonPropertyName("ndcg@10")] double NdcgAt10,
    [property: JsonPropertyName("recall@10")] double RecallAt10,
    [property: JsonPropertyName("recall@100")] double RecallAt100,
    [property: JsonPropertyName("mrr@10")] double MrrAt10,
    [property: JsonPropertyName("indexSeconds")] double IndexSeconds,
    [property: JsonPropertyName("queryMsP50")] double QueryMsP50,
    [property: JsonPropertyName("queryMsP95")] double QueryMsP95);
