namespace RagApp.Core.Retrieval;

/// <summary>
/// Weighted reciprocal rank fusion: an item's fused score is the sum over the rankings it appears in of
/// <c>weight / (k + rank)</c>, with 1-based ranks. Only ranks count, so lists whose scores live on different scales
/// (cosine similarity, BM25) combine without calibration.
/// </summary>
public static class ReciprocalRankFusion
{
    /// <summary>Fuses rankings into one, best first; ties keep the order in which items were first seen.</summary>
    /// <typeparam name="TKey">The items' identity (e.g. a chunk id).</typeparam>
    /// <param name="rankings">Each ranking (best first, no duplicates within a ranking) with its weight (0 or more).</param>
    /// <param name="k">The rank offset, 0 or more; larger values flatten the difference between top ranks.</param>
    public static IReadOnlyList<KeyValuePair<TKey, double>> Fuse<TKey>(IEnumerable<(IReadOnlyList<TKey> Ranking, double Weight)> rankings, double k)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(rankings);
        ArgumentOutOfRangeException.ThrowIfNegative(k);

        var scores = new Dictionary<TKey, double>();
        var firstSeen = new Dictionary<TKey, int>();
        foreach (var (ranking, weight) in rankings)
        {
            ArgumentNullException.ThrowIfNull(ranking);
            ArgumentOutOfRangeException.ThrowIfNegative(weight);
            for (var i = 0; i < ranking.Count; i++)
            {
                var key = ranking[i];
                if (!firstSeen.ContainsKey(key))
                {
                    firstSeen[key] = firstSeen.Count;
                    scores[key] = 0;
                }

                scores[key] += weight / (k + i + 1);
            }
        }

        return scores
            .OrderByDescending(pair => pair.Value)
            .ThenBy(pair => firstSeen[pair.Key])
            .ToList();
    }
}
