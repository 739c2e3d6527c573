using System.Text;

namespace RagApp.Infrastructure.VectorStores;

/// <summary>
/// Cuts a user's query into search terms (runs of letters and digits, lower case, de-duplicated, in order), so that
/// any text becomes a safe keyword query. English stop words (Lucene's classic list, as BEIR/Anserini BM25 uses)
/// are dropped: BM25 gives them almost no weight, but their long posting lists make an OR query slow. A query made
/// only of stop words keeps them, so it still finds something.
/// </summary>
public static class KeywordQueryTerms
{
    /// <summary>The most terms a query keeps; the rest are ignored to bound the cost of a huge pasted query.</summary>
    public const int MaxTerms = 64;

    /// <summary>The longest term kept, in characters (longer runs are cut).</summary>
    public const int MaxTermLength = 64;

    private static readonly HashSet<string> s_stopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not",
        "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was",
        "will", "with",
    };

    /// <summary>The terms of <paramref name="query"/>; empty when it has no letters or digits.</summary>
    public static IReadOnlyList<string> Extract(string? query)
    {
        if (string.IsNullOrEmpty(query))
        {
            return [];
        }

        var all = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var current = new StringBuilder();
        foreach (var rune in query.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                if (current.Length < MaxTermLength)
                {
                    current.Append(Rune.ToLowerInvariant(rune).ToString());
                }

                continue;
            }

            Flush(current, all, seen);
        }

        Flush(current, all, seen);
        var content = all.Where(t => !s_stopWords.Contains(t)).ToList();
        var chosen = content.Count > 0 ? content : all;
        return chosen.Count > MaxTerms ? chosen.GetRange(0, MaxTerms) : chosen;
    }

    private static void Flush(StringBuilder current, List<string> all, HashSet<string> seen)
    {
        if (current.Length == 0)
        {
            return;
        }

        var term = current.ToString();
        current.Clear();
        if (seen.Add(term))
        {
            all.Add(term);
        }
    }
}
