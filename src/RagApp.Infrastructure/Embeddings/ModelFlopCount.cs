namespace RagApp.Infrastructure.Embeddings;

/// <summary>The model's FLOPs for texts of given lengths in word pieces.</summary>
/// <param name="WeightMatMuls">The weight MatMuls' FLOPs per token and how many there are.</param>
/// <param name="Hidden">The hidden size.</param>
internal sealed record ModelFlopCount((double FlopsPerToken, int Count) WeightMatMuls, double Hidden)
{
    /// <summary>
    /// Useful FLOPs of one text of L tokens: L × (the weight MatMuls' 2·K·N) plus, per layer, the attention products
    /// Q·Kᵀ and P·V (2 × 2·L²·h). Layers = weight MatMuls / 6 (Q, K, V, output, two feed-forward).
    /// </summary>
    public double OfText(int length) =>
        (length * WeightMatMuls.FlopsPerToken) + (WeightMatMuls.Count / 6 * 4 * (double)length * length * Hidden);

    /// <summary>
    /// What the benchmark's baseline computes, padding included: each batch of
    /// <see cref="EmbeddingBenchmark.BaselineBatchSize"/> texts in input order runs at its longest text's length.
    /// </summary>
    public double OfBaseline(IEnumerable<int> lengths) =>
        lengths.Chunk(EmbeddingBenchmark.BaselineBatchSize).Sum(batch => batch.Length * OfText(batch.Max()));
}
