using RagApp.Infrastructure.Embeddings;
using Xunit;

namespace RagApp.Infrastructure.Tests.Embeddings;

public sealed class ModelFlopCountTests
{
    // MiniLM-shaped: 36 weight MatMuls (6 layers), hidden 384.
    private static readonly ModelFlopCount MiniLm = new((6 * 2.0 * ((4 * 384 * 384) + (2 * 384 * 1536)), 36), 384);

    [Fact]
    public void OfText_256Tokens_IsTheBertCostOfOnePassage()
    {
        // 256 × 21.2 MFLOP of weight MatMuls + 6 layers × 4·256²·384 of attention products: about 6.04 GFLOP.
        Assert.Equal(6.04e9, MiniLm.OfText(256), 0.01e9);
        Assert.Equal((256 * MiniLm.WeightMatMuls.FlopsPerToken) + (6 * 4.0 * 256 * 256 * 384), MiniLm.OfText(256));
    }

    [Fact]
    public void OfBaseline_PadsEachBatchOf32InInputOrderToItsLongest()
    {
        // 32 texts: one of 200 tokens among 31 of 20, so the whole batch runs at 200; the 33rd text is a batch alone.
        int[] lengths = [.. Enumerable.Repeat(20, 15), 200, .. Enumerable.Repeat(20, 16), 50];

        Assert.Equal((32 * MiniLm.OfText(200)) + MiniLm.OfText(50), MiniLm.OfBaseline(lengths));
    }

    [Fact]
    public void OfBaseline_TextsOfOneLength_ComputeNoPadding()
    {
        var lengths = Enumerable.Repeat(128, 70).ToArray();

        Assert.Equal(lengths.Sum(MiniLm.OfText), MiniLm.OfBaseline(lengths), 1e-6 * MiniLm.OfBaseline(lengths));
    }
}
