using RagApp.Core.Evaluation;
using Xunit;

namespace RagApp.Core.Tests.Evaluation;

public sealed class RetrievalMetricsTests
{
    private static readonly Dictionary<string, int> s_oneRelevant = new() { ["a"] = 1 };

    [Fact]
    public void Metrics_PerfectRanking_AreOne()
    {
        string[] ranking = ["a", "x", "y"];

        Assert.Equal(1.0, RetrievalMetrics.NdcgAt(ranking, s_oneRelevant, 10), 12);
        Assert.Equal(1.0, RetrievalMetrics.RecallAt(ranking, s_oneRelevant, 10), 12);
        Assert.Equal(1.0, RetrievalMetrics.ReciprocalRankAt(ranking, s_oneRelevant, 10), 12);
    }

    [Fact]
    public void Metrics_OnlyRelevantAtRankTwo_NdcgIsOneOverLog2Of3AndRrIsHalf()
    {
        string[] ranking = ["x", "a"];

        Assert.Equal(0.6309297535714575, RetrievalMetrics.NdcgAt(ranking, s_oneRelevant, 10), 12);
        Assert.Equal(0.5, RetrievalMetrics.ReciprocalRankAt(ranking, s_oneRelevant, 10), 12);
    }

    [Fact]
    public void NdcgAt_GradedRelevanceInWrongOrder_UsesTheScoreAsGain()
    {
        var relevance = new Dictionary<string, int> { ["a"] = 2, ["b"] = 1 };

        // DCG = 1/log2(2) + 2/log2(3); ideal = 2/log2(2) + 1/log2(3).
        Assert.Equal(0.8597186998521972, RetrievalMetrics.NdcgAt(["b", "a"], relevance, 10), 12);
    }

    [Fact]
    public void Metrics_RelevantJustBelowTheCutoff_CountOnlyForTheLongerRecall()
    {
        var ranking = Enumerable.Range(0, 10).Select(i => $"x{i}").Append("a").ToList();

        Assert.Equal(0, RetrievalMetrics.NdcgAt(ranking, s_oneRelevant, 10));
        Assert.Equal(0, RetrievalMetrics.RecallAt(ranking, s_oneRelevant, 10));
        Assert.Equal(1, RetrievalMetrics.RecallAt(ranking, s_oneRelevant, 100));
        Assert.Equal(0, RetrievalMetrics.ReciprocalRankAt(ranking, s_oneRelevant, 10));
    }

    [Fact]
    public void RecallAt_HalfTheRelevantFound_IsHalf()
    {
        var relevance = new Dictionary<string, int> { ["a"] = 1, ["b"] = 3 };

        Assert.Equal(0.5, RetrievalMetrics.RecallAt(["a", "x"], relevance, 10), 12);
    }

    [Fact]
    public void Metrics_ZeroScoreJudgements_AreNotRelevant()
    {
        var relevance = new Dictionary<string, int> { ["zero"] = 0, ["a"] = 1 };
        string[] ranking = ["zero", "a"];

        Assert.Equal(0.5, RetrievalMetrics.ReciprocalRankAt(ranking, relevance, 10), 12);
        Assert.Equal(1.0, RetrievalMetrics.RecallAt(ranking, relevance, 10), 12);
        Assert.Equal(0.6309297535714575, RetrievalMetrics.NdcgAt(ranking, relevance, 10), 12);
    }

    [Fact]
    public void Metrics_NothingRelevantJudged_AreZero()
    {
        var relevance = new Dictionary<string, int> { ["a"] = 0 };

        Assert.Equal(0, RetrievalMetrics.NdcgAt(["a"], relevance, 10));
        Assert.Equal(0, RetrievalMetrics.RecallAt(["a"], relevance, 10));
    }
}
