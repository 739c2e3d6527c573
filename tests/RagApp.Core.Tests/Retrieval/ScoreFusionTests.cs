using Xunit;
using RagApp.Core.Retrieval;

namespace RagApp.Core.Tests.Retrieval;

public sealed class ScoreFusionTests
{
    [Fact]
    public void Fuse_RescalesEachListToZeroOneAndWeighsThem()
    {
        var fused = ScoreFusion.Fuse<string>(
            [("a", 0.8, 12.0), ("b", 0.6, 4.0), ("c", 0.4, null)],
            denseWeight: 3,
            keywordWeight: 1);

        // dense: a 1, b 0.5, c 0; keyword: a 1, b 0, c missing (0).
        Assert.Equal(["a", "b", "c"], fused.Select(p => p.Key));
        Assert.Equal(1.0, fused[0].Value, 12);
        Assert.Equal(0.75 * 0.5, fused[1].Value, 12);
        Assert.Equal(0.0, fused[2].Value, 12);
    }

    [Fact]
    public void Fuse_KeepsScoreGapsThatRanksLose()
    {
        // "d" leads dense by far; "k" leads keywords by a hair over "d". Rank fusion would tie them.
        var fused = ScoreFusion.Fuse<string>(
            [("d", 0.70, 9.9), ("k", 0.30, 10.0), ("x", 0.29, 1.0)],
            denseWeight: 1,
            keywordWeight: 1);

        Assert.Equal("d", fused[0].Key);
    }

    [Fact]
    public void Fuse_ZeroDenseWeight_RanksByKeywordsAlone()
    {
        var fused = ScoreFusion.Fuse<string>([("d", 0.9, 1.0), ("k", 0.1, 5.0)], denseWeight: 0, keywordWeight: 1);

        Assert.Equal(["k", "d"], fused.Select(p => p.Key));
    }

    [Fact]
    public void Fuse_SingleKeywordHit_CountsAsTheKeywordListsTop()
    {
        var fused = ScoreFusion.Fuse<string>([("d", 0.5, null), ("k", 0.45, 3.0), ("x", 0.4, null)], denseWeight: 1, keywordWeight: 1);

        Assert.Equal(["k", "d", "x"], fused.Select(p => p.Key));
        Assert.Equal(0.5 + (0.5 * 0.5), fused[0].Value, 12);
    }

    [Fact]
    public void Fuse_UnknownOrNonFiniteScores_CountAsLowestAndNeverThrow()
    {
        var fused = ScoreFusion.Fuse<string>(
            [("nan", double.NaN, double.PositiveInfinity), ("known", 0.3, 2.0), ("none", null, null)],
            denseWeight: 1,
            keywordWeight: 1);

        Assert.Equal("known", fused[0].Key);
        Assert.All(fused, p => Assert.True(double.IsFinite(p.Value)));
    }

    [Fact]
    public void Fuse_EqualScores_KeepTheCandidatesOrder()
    {
        var fused = ScoreFusion.Fuse<string>([("first", 0.5, 1.0), ("second", 0.5, 1.0)], denseWeight: 1, keywordWeight: 1);

        Assert.Equal(["first", "second"], fused.Select(p => p.Key));
    }

    [Fact]
    public void Fuse_NegativeWeight_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ScoreFusion.Fuse<string>([("a", 0.5, 1.0)], denseWeight: -1, keywordWeight: 1));
    }
}
