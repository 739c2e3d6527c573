using System.Text.Json.Serialization;

namespace RagApp.Infrastructure.Embeddings;

/// <summary>The <c>bench embed</c> figures (field names as in the contract's JSON, plus a few more).</summary>
/// <param name="Passages">Texts embedded, each one input truncated at the window.</param>
/// <param name="Seconds">Wall time of tokenising and embedding them (model loading and warm-up excluded).</param>
/// <param name="PassagesPerSecond">Passages / seconds.</param>
/// <param name="TokensPerSecond">Real word pieces ([CLS]/[SEP] included, padding excluded) per second.</param>
/// <param name="Quantization"><c>none</c> or <c>int8</c>.</param>
/// <param name="GemmGflops">The machine's fp32 MatMul rate, measured in the same run on the same threads.</param>
/// <param name="CeilingShare">Model GFLOP/s achieved (useful FLOPs, padding excluded) divided by <paramref name="GemmGflops"/>.</param>
/// <param name="Batching"><c>sorted-token-budget</c> or the baseline <c>fixed-32-input-order</c>.</param>
/// <param name="ModelGflops">Model GFLOP/s achieved.</param>
/// <param name="Threads">ONNX Runtime intra-op threads.</param>
public sealed record EmbeddingBenchmarkResult(
    [property: JsonPropertyName("passages")] int Passages,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("passagesPerSecond")] double PassagesPerSecond,
    [property: JsonPropertyName("tokensPerSecond")] double TokensPerSecond,
    [property: JsonPropertyName("quantization")] string Quantization,
    [property: JsonPropertyName("gemmGflops")] double GemmGflops,
    [property: JsonPropertyName("ceilingShare")] double CeilingShare,
    [property: JsonPropertyName("batching")] string Batching,
    [property: JsonPropertyName("modelGflops")] double ModelGflops,
    [property: JsonPropertyName("threads")] int Threads)
{
    /// <summary>Median time to embed one short query on the warm encoder, in milliseconds.</summary>
    [JsonPropertyName("queryMsP50")]
    public double QueryP50Ms { get; init; }

    /// <summary>95th percentile of the same.</summary>
    [JsonPropertyName("queryMsP95")]
    public double QueryP95Ms { get; init; }

    /// <summary>The process's peak resident memory, in MB (set by the program when it reports the run).</summary>
    [JsonPropertyName("peakMemoryMb")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? PeakMemoryMb { get; init; }

    /// <summary>
    /// Baseline runs (and the summary of a run with <c>--baseline</c>): the FLOPs the baseline's padded batches compute
    /// over the useful FLOPs, so the speed-up that removing the padding alone would give on these texts (about 1 on
    /// texts of one length).
    /// </summary>
    [JsonPropertyName("paddingFactor")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? PaddingFactor { get; init; }

    /// <summary>With <c>--baseline</c>: the speed-up over the padded baseline in each round.</summary>
    [JsonPropertyName("speedUps")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? SpeedUps { get; init; }

    /// <summary>With <c>--baseline</c>: the median of <see cref="SpeedUps"/>.</summary>
    [JsonPropertyName("medianSpeedUp")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? MedianSpeedUp { get; init; }
}
