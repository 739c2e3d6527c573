namespace RagApp.Infrastructure.VectorStores;

/// <summary>What an <see cref="IndexStoreBenchmark"/> run measured. Latencies in milliseconds.</summary>
/// <param name="Chunks">Chunks loaded.</param>
/// <param name="Documents">Documents loaded.</param>
/// <param name="LoadSeconds">Time to write all documents.</param>
/// <param name="FirstDenseMs">The first dense search, which may load the vectors into memory.</param>
/// <param name="DenseP50Ms">Median dense search.</param>
/// <param name="DenseP95Ms">95th percentile dense search.</param>
/// <param name="KeywordP50Ms">Median keyword search.</param>
/// <param name="KeywordP95Ms">95th percentile keyword search.</param>
/// <param name="BothP50Ms">Median of a dense plus a keyword search of the same query run concurrently, as hybrid retrieval does.</param>
/// <param name="BothP95Ms">95th percentile of the same.</param>
public sealed record IndexStoreBenchmarkResult(
    int Chunks,
    int Documents,
    double LoadSeconds,
    double FirstDenseMs,
    double DenseP50Ms,
    double DenseP95Ms,
    double KeywordP50Ms,
    double KeywordP95Ms,
    double BothP50Ms,
    double BothP95Ms)
{
    /// <summary>Chunks written per second.</summary>
    public double ChunksPerSecond => LoadSeconds > 0 ? Chunks / LoadSeconds : 0;
}
