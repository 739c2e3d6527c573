namespace RagApp.Core.Evaluation;

/// <summary>
/// Per-query ranking metrics with the definitions of BEIR (pytrec_eval): graded gains equal to the judged score,
/// a log2 discount, the ideal ranking built from the judgements, and relevant meaning a score above 0. Rankings hold
/// document ids, best first, without duplicates.
/// </summary>
public static class RetrievalMetrics
{
    /// <summary>nDCG@k: the sum over the top k of <c>rel / log2(rank + 1)</c>, divided by the same sum for the ideal order. 0 when nothing is relevant.</summary>
    public static double NdcgAt(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> relevance, int k)
    {
        Check(ranking, relevance, k);
        var dcg = 0.0;
        for (var i = 0; i < Math.Min(k, ranking.Count); i++)
        {
            if (relevance.TryGetValue(ranking[i], out var gain) && gain > 0)
            {
                dcg += gain / Math.Log2(i + 2);
            }
        }

        var ideal = relevance.Values.Where(gain => gain > 0).OrderDescending().Take(k)
            .Select((gain, i) => gain / Math.Log2(i + 2)).Sum();
        return ideal > 0 ? dcg / ideal : 0;
    }

    /// <summary>Recall@k: relevant documents in the top k over all relevant documents. 0 when nothing is relevant.</summary>
    public static double RecallAt(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> relevance, int k)
    {
        Check(ranking, relevance, k);
        var total = relevance.Values.Count(gain => gain > 0);
        if (total == 0)
        {
            return 0;
        }

        var found = ranking.Take(k).Count(id => IsRelevant(relevance, id));
        return (double)found / total;
    }

    /// <summary>Reciprocal rank within the top k: 1 / the rank of the first relevant document, 0 when none is in the top k.</summary>
    public static double ReciprocalRankAt(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> relevance, int k)
    {
        Check(ranking, relevance, k);
        for (var i = 0; i < Math.Min(k, ranking.Count); i++)
        {
            if (IsRelevant(relevance, ranking[i]))
            {
                return 1.0 / (i + 1);
            }
        }

        return 0;
    }

    private static bool IsRelevant(IReadOnlyDictionary<string, int> relevance, string id) =>
        relevance.TryGetValue(id, out var gain) && gain > 0;

    private static void Check(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> relevance, int k)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentNullException.ThrowIfNull(relevance);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
    }
}
