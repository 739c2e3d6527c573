namespace RagApp.Core.Evaluation;

/// <summary>Percentiles of latencies, interpolated linearly between the closest ranks (as numpy's default).</summary>
public static class LatencyPercentile
{
    /// <summary>The <paramref name="percentile"/>-th percentile (0 to 100) of <paramref name="values"/>; 0 when empty.</summary>
    public static double Of(IReadOnlyCollection<double> values, double percentile)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegative(percentile);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        var position = percentile / 100 * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }
}
