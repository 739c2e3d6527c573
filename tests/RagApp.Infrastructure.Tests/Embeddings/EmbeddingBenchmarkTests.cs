using RagApp.Infrastructure.Embeddings;
using RagApp.Tests.Shared;
using Xunit;

namespace RagApp.Infrastructure.Tests.Embeddings;

public sealed class EmbeddingBenchmarkTests(MiniLmFixture fixture) : IClassFixture<MiniLmFixture>
{
    [Fact]
    public async Task RunAsync_FewPassages_ReportsConsistentFigures()
    {
        var texts = EmbeddingBenchmark.ReadTexts(SharedData.DataPath("python-doc-passages", "passages.jsonl"), 24);
        var benchmark = new EmbeddingBenchmark(fixture.Generator);
        var progress = new Recorder();

        var result = await benchmark.RunAsync(texts, progress: progress, cancellationToken: TestContext.Current.CancellationToken);

        // 24 passages of about 256 word pieces under the 2,048 budget: several batches, each reported as it ends.
        Assert.True(progress.Reports.Count > 1, $"{progress.Reports.Count} progress reports");
        Assert.Equal(progress.Reports.Order(), progress.Reports);
        Assert.Equal(24, progress.Reports[^1]);
        Assert.Equal(24, result.Passages);
        Assert.Equal("none", result.Quantization);
        Assert.Equal(result.Passages / result.Seconds, result.PassagesPerSecond, 0.05 * result.PassagesPerSecond);
        Assert.True(result.TokensPerSecond > result.PassagesPerSecond);
        Assert.True(result.GemmGflops > 0);
        Assert.InRange(result.CeilingShare, 0.01, 1.5);
        Assert.Equal(result.ModelGflops / result.GemmGflops, result.CeilingShare, 0.01);
        Assert.InRange(result.QueryP50Ms, 0.01, result.QueryP95Ms); // one query at a time, timed separately
    }

    [Fact]
    public void ReadWeightMatMulCost_MiniLm_MatchesTheBertFormula()
    {
        // 6 layers × 2·(4·384² + 2·384·1536) FLOPs per token, over 36 MatMuls.
        var (flopsPerToken, count) = fixture.Generator.Loader.ReadMatMulCost();

        Assert.Equal(36, count);
        Assert.Equal(6 * 2.0 * ((4 * 384 * 384) + (2 * 384 * 1536)), flopsPerToken);
    }

    private sealed class Recorder : IProgress<int>
    {
        public List<int> Reports { get; } = [];

        public void Report(int value) => Reports.Add(value);
    }
}
