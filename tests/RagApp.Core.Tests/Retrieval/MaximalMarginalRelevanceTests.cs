using Xunit;
using RagApp.Core.Retrieval;

namespace RagApp.Core.Tests.Retrieval;

public sealed class MaximalMarginalRelevanceTests
{
    // Items 0 and 1 are near-duplicates; item 2 is different and a little less relevant.
    private static readonly double[] s_relevance = [1.0, 0.95, 0.8];
    private static readonly double[,] s_similarity = { { 1, 0.99, 0.1 }, { 0.99, 1, 0.1 }, { 0.1, 0.1, 1 } };

    private static double Similarity(int a, int b) => s_similarity[a, b];

    [Fact]
    public void Select_LambdaOne_KeepsRelevanceOrder()
    {
        var picks = MaximalMarginalRelevance.Select(s_relevance, Similarity, 3, lambda: 1);

        Assert.Equal([0, 1, 2], picks);
    }

    [Fact]
    public void Select_LambdaHalf_PutsTheDifferentItemBeforeTheNearDuplicate()
    {
        var picks = MaximalMarginalRelevance.Select(s_relevance, Similarity, 2, lambda: 0.5);

        // Second pick: item 1 scores 0.5*0.95 - 0.5*0.99 < 0, item 2 scores 0.5*0.8 - 0.5*0.1 = 0.35.
        Assert.Equal([0, 2], picks);
    }

    [Fact]
    public void Select_CountAboveItems_ReturnsEveryItemOnce()
    {
        var picks = MaximalMarginalRelevance.Select(s_relevance, Similarity, 10, lambda: 0.7);

        Assert.Equal([0, 1, 2], picks.Order());
    }

    [Fact]
    public void Select_LambdaOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MaximalMarginalRelevance.Select(s_relevance, Similarity, 2, lambda: 1.5));
    }
}
