using RagApp.Core.Evaluation;
using Xunit;

namespace RagApp.Core.Tests.Evaluation;

public sealed class LatencyPercentileTests
{
    [Theory]
    [InlineData(50, 2.5)]
    [InlineData(95, 3.85)]
    [InlineData(0, 1)]
    [InlineData(100, 4)]
    public void Of_FourValues_InterpolatesBetweenRanks(double percentile, double expected)
    {
        Assert.Equal(expected, LatencyPercentile.Of([4.0, 1.0, 3.0, 2.0], percentile), 12);
    }

    [Fact]
    public void Of_NoValues_IsZero() => Assert.Equal(0, LatencyPercentile.Of([], 50));
}
