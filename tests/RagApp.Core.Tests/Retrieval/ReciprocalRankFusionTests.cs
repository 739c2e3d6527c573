using Xunit;
using RagApp.Core.Retrieval;

namespace RagApp.Core.Tests.Retrieval;

public sealed class ReciprocalRankFusionTests
{
    [Fact]
    public void Fuse_OneRanking_KeepsOrderWithWeightOverKPlusRank()
    {
        var fused = ReciprocalRankFusion.Fuse<string>([(["a", "b", "c"], 2.0)], k: 10);

        Assert.Equal(["a", "b", "c"], fused.Select(p => p.Key));
        Assert.Equal(2.0 / 11, fused[0].Value, 12);
        Assert.Equal(2.0 / 12, fused[1].Value, 12);
        Assert.Equal(2.0 / 13, fused[2].Value, 12);
    }

    [Fact]
    public void Fuse_ItemInBothLists_SumsItsContributionsAndBeatsSingleListLeaders()
    {
        // "both" is second in each list; "x" and "y" lead one list each.
        var fused = ReciprocalRankFusion.Fuse<string>([(["x", "both"], 1.0), (["y", "both"], 1.0)], k: 60);

        Assert.Equal("both", fused[0].Key);
        Assert.Equal(2.0 / 62, fused[0].Value, 12);
        Assert.Equal(3, fused.Count);
    }

    [Fact]
    public void Fuse_HeavierWeight_LetsThatListsLeaderWin()
    {
        var fused = ReciprocalRankFusion.Fuse<string>([(["dense"], 1.0), (["keyword"], 1.5)], k: 60);

        Assert.Equal(["keyword", "dense"], fused.Select(p => p.Key));
    }

    [Fact]
    public void Fuse_EqualScores_KeepFirstSeenOrder()
    {
        var fused = ReciprocalRankFusion.Fuse<string>([(["a", "b"], 1.0), (["c", "d"], 1.0)], k: 0);

        Assert.Equal(["a", "c", "b", "d"], fused.Select(p => p.Key));
        Assert.Equal(1.0, fused[0].Value, 12);
        Assert.Equal(0.5, fused[2].Value, 12);
    }

    [Fact]
    public void Fuse_ZeroWeight_KeepsItemsButAddsNothing()
    {
        var fused = ReciprocalRankFusion.Fuse<string>([(["a"], 1.0), (["b"], 0.0)], k: 60);

        Assert.Equal(["a", "b"], fused.Select(p => p.Key));
        Assert.Equal(0, fused[1].Value);
    }

    [Fact]
    public void Fuse_NegativeWeight_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReciprocalRankFusion.Fuse<string>([(["a"], -1.0)], k: 60));
    }
}
