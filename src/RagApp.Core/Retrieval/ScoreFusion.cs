namespace RagApp.Core.Retrieval;

/// <summary>
/// Weighted fusion of scores (a convex combination of min-max normalised scores, as in Bruch et al., "An Analysis of
/// Fusion Functions for Hybrid Retrieval", 2023): each list's scores are rescaled to [0, 1] over the candidates, and an
/// item's fused score is <c>(wDense * dense + wKeyword * keyword) / (wDense + wKeyword)</c>. Unlike rank fusion it keeps
/// how far apart the scores are: a chunk far ahead in cosine similarity stays ahead of one that a paraphrased question
/// matched only on common words, and a keyword hit far ahead in BM25 stays ahead of a crowd of near-equal dense hits.
/// </summary>
public static class ScoreFusion
{
    /// <summary>Fuses the scores of each candidate into one ranking, best first; ties keep the candidates' order.</summary>
    /// <param name="candidates">
    /// Each candidate's dense score (cosine similarity; every candidate should have one, null when unknown, then it counts
    /// as the lowest) and keyword score (BM25 or another score where more is better; null when the keyword list did not
    /// return it, then it counts as the lowest).
    /// </param>
    /// <param name="denseWeight">Weight of the dense scores, 0 or more.</param>
    /// <param name="keywordWeight">Weight of the keyword scores, 0 or more.</param>
    public static IReadOnlyList<KeyValuePair<TKey, double>> Fuse<TKey>(
        IReadOnlyList<(TKey Key, double? Dense, double? Keyword)> candidates, double denseWeight, double keywordWeight)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentOutOfRangeException.ThrowIfNegative(denseWeight);
        ArgumentOutOfRangeException.ThrowIfNegative(keywordWeight);
        var total = denseWeight + keywordWeight;
        var (denseShare, keywordShare) = total > 0 ? (denseWeight / total, keywordWeight / total) : (0.5, 0.5);

        var dense = Scale.Of(candidates.Select(c => c.Dense));
        var keyword = Scale.Of(candidates.Select(c => c.Keyword));
        return candidates
            .Select((c, order) => (c.Key, Score: (denseShare * dense.Normalise(c.Dense)) + (keywordShare * keyword.Normalise(c.Keyword)), order))
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.order)
            .Select(c => KeyValuePair.Create(c.Key, c.Score))
            .ToList();
    }

    /// <summary>
    /// The range of one list's known scores. Missing scores map to 0; when all known scores are equal (one hit, say),
    /// they map to 1: the list still says which candidates it found.
    /// </summary>
    private readonly record struct Scale(double Min, double Max)
    {
        public static Scale Of(IEnumerable<double?> scores)
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            foreach (var score in scores)
            {
                if (score is { } value && double.IsFinite(value))
                {
                    min = Math.Min(min, value);
                    max = Math.Max(max, value);
                }
            }

            return new Scale(min, max);
        }

        public double Normalise(double? score) =>
            score is not { } value || !double.IsFinite(value) ? 0
            : Max > Min ? (value - Min) / (Max - Min)
            : 1;
    }
}
