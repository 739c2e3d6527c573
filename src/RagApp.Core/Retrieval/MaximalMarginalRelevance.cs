namespace RagApp.Core.Retrieval;

/// <summary>
/// Maximal marginal relevance: picks items one at a time, each maximising
/// <c>lambda * relevance - (1 - lambda) * (highest similarity to an item already picked)</c>, so that near-duplicates
/// of a picked item fall back. Lambda 1 keeps the relevance order; 0 only seeks diversity.
/// </summary>
public static class MaximalMarginalRelevance
{
    /// <summary>Indexes of the picked items, in pick order.</summary>
    /// <param name="relevance">Each item's relevance to the query, on the same scale as <paramref name="similarity"/> (e.g. 0 to 1).</param>
    /// <param name="similarity">Similarity of two items by index (e.g. the cosine of their vectors).</param>
    /// <param name="count">Items wanted; fewer come back when there are fewer.</param>
    /// <param name="lambda">Trade-off from 0 (diversity) to 1 (relevance).</param>
    public static IReadOnlyList<int> Select(IReadOnlyList<double> relevance, Func<int, int, double> similarity, int count, double lambda)
    {
        ArgumentNullException.ThrowIfNull(relevance);
        ArgumentNullException.ThrowIfNull(similarity);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (lambda is < 0 or > 1 || double.IsNaN(lambda))
        {
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "Lambda must be between 0 and 1.");
        }

        var wanted = Math.Min(count, relevance.Count);
        var picked = new List<int>(wanted);
        var remaining = Enumerable.Range(0, relevance.Count).ToList();

        // Highest similarity of each remaining item to the picked ones, updated after each pick: O(n * count).
        var maxSimilarity = new double[relevance.Count];
        Array.Fill(maxSimilarity, double.NegativeInfinity);

        while (picked.Count < wanted)
        {
            var bestPosition = 0;
            var bestScore = double.NegativeInfinity;
            for (var position = 0; position < remaining.Count; position++)
            {
                var item = remaining[position];
                var redundancy = picked.Count == 0 ? 0 : maxSimilarity[item];
                var score = (lambda * relevance[item]) - ((1 - lambda) * redundancy);
                if (score > bestScore)
                {
                    bestScore = score;
                    bestPosition = position;
                }
            }

            var chosen = remaining[bestPosition];
            remaining.RemoveAt(bestPosition);
            picked.Add(chosen);
            foreach (var item in remaining)
            {
                maxSimilarity[item] = Math.Max(maxSimilarity[item], similarity(item, chosen));
            }
        }

        return picked;
    }
}
