using System.Text.RegularExpressions;

namespace RagApp.Core.Retrieval;

/// <summary>
/// Adapts the weights of the dense and keyword lists to a query, by what each ranking is good at. Keyword search
/// wins on exact strings: quoted phrases, codes and identifiers (<c>ERR_042</c>, <c>v2.1</c>, <c>HttpClient</c>,
/// <c>GDPR</c>) and one- or two-word queries. Dense search wins on natural-language questions, whose wording seldom
/// matches the passage's. A clear gap between the first and second hit of a list also counts as evidence for that
/// list. Each cue multiplies one weight by a bounded factor, so fusion never turns into a single mode.
/// </summary>
public static partial class QueryWeighting
{
    /// <summary>Smallest and largest factor applied to a base weight.</summary>
    public const double MinFactor = 0.2;

    /// <inheritdoc cref="MinFactor"/>
    public const double MaxFactor = 2.5;

    private const double PhraseBoost = 1.5;
    private const double IdentifierBoost = 1.5;
    private const double ShortQueryBoost = 1.3;
    private const double QuestionBoost = 1.3;
    private const double MarginBoost = 1.2;
    private const double FlatKeywordPenalty = 0.2;

    /// <summary>
    /// Relative gap between the first and fifth keyword scores below which a long query's keyword list counts as flat:
    /// its hits share only common words with the query, which is what paraphrased questions look like.
    /// </summary>
    public const double FlatKeywordThreshold = 0.1;

    /// <summary>Top-1 minus top-2 cosine similarity above which the dense list's first hit counts as a clear match.</summary>
    public const double DenseMarginThreshold = 0.08;

    /// <summary>Top-1 minus top-2 keyword score, relative to top-1, above which the keyword list's first hit counts as a clear match.</summary>
    public const double KeywordMarginThreshold = 0.3;

    private static readonly char[] s_edgePunctuation = ['.', ',', ';', ':', '!', '?', '"', '\'', '(', ')', '[', ']', '{', '}', '<', '>', '`'];

    private static readonly HashSet<string> s_questionWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "what", "which", "who", "whom", "whose", "when", "where", "why", "how",
        "is", "are", "was", "were", "do", "does", "did", "can", "could", "should", "would", "will", "may", "must", "has", "have",
    };

    /// <summary>The weights for <paramref name="query"/>.</summary>
    /// <param name="query">The user's text.</param>
    /// <param name="baseDense">Configured dense weight.</param>
    /// <param name="baseKeyword">Configured keyword weight.</param>
    /// <param name="denseScores">Scores of the dense list, best first (cosine similarities); empty when unknown.</param>
    /// <param name="keywordScores">Scores of the keyword list, best first (positive BM25); empty when unknown.</param>
    public static QueryWeights Compute(string query, double baseDense, double baseKeyword, IReadOnlyList<double> denseScores, IReadOnlyList<double> keywordScores)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(denseScores);
        ArgumentNullException.ThrowIfNull(keywordScores);

        var reasons = new List<string>();
        double dense = 1, keyword = 1;
        var terms = Terms(query);

        if (QuotedPhraseRegex().IsMatch(query))
        {
            keyword *= PhraseBoost;
            reasons.Add("quoted phrase favours keyword");
        }

        var identifiers = terms.Where(IsIdentifier).ToList();
        if (identifiers.Count > 0)
        {
            keyword *= IdentifierBoost;
            reasons.Add($"code or identifier ({string.Join(", ", identifiers.Take(3))}) favours keyword");
        }

        if (terms.Count is > 0 and <= 2)
        {
            keyword *= ShortQueryBoost;
            reasons.Add("short query favours keyword");
        }
        else if (identifiers.Count == 0 && IsNaturalQuestion(query, terms))
        {
            dense *= QuestionBoost;
            reasons.Add("natural-language question favours dense");
        }

        if (denseScores.Count >= 2 && denseScores[0] - denseScores[1] >= DenseMarginThreshold)
        {
            dense *= MarginBoost;
            reasons.Add("clear top dense hit");
        }

        if (keywordScores.Count >= 2 && keywordScores[0] > 0
            && (keywordScores[0] - keywordScores[1]) / keywordScores[0] >= KeywordMarginThreshold)
        {
            keyword *= MarginBoost;
            reasons.Add("clear top keyword hit");
        }

        if (terms.Count >= 6 && identifiers.Count == 0 && keywordScores.Count >= 5 && keywordScores[0] > 0
            && (keywordScores[0] - keywordScores[4]) / keywordScores[0] < FlatKeywordThreshold)
        {
            keyword *= FlatKeywordPenalty;
            reasons.Add("flat keyword list on a long query (only common words match) favours dense");
        }

        return new QueryWeights(
            baseDense * Math.Clamp(dense, MinFactor, MaxFactor),
            baseKeyword * Math.Clamp(keyword, MinFactor, MaxFactor),
            reasons);
    }

    /// <summary>
    /// True for a token that looks like a code or identifier rather than a word: it has a digit, an underscore, an
    /// inner dot, colon or slash, a lower-to-upper case change (CamelCase), or two or
    /// more capitals and no lower case (ALLCAPS).
    /// </summary>
    public static bool IsIdentifier(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var trimmed = token.Trim(s_edgePunctuation);
        if (trimmed.Length < 2)
        {
            return false;
        }

        var hasLower = false;
        var upper = 0;
        for (var i = 0; i < trimmed.Length; i++)
        {
            var c = trimmed[i];
            if (char.IsDigit(c) || c == '_')
            {
                return true;
            }

            if (c is '.' or ':' or '/' or '\\' && (i > 0 && i < trimmed.Length - 1))
            {
                return true;
            }

            if (char.IsUpper(c))
            {
                upper++;
                if (i > 0 && char.IsLower(trimmed[i - 1]))
                {
                    return true;
                }
            }
            else if (char.IsLower(c))
            {
                hasLower = true;
            }
        }

        return upper >= 2 && !hasLower;
    }

    private static List<string> Terms(string query) =>
        query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(term => term.Trim(s_edgePunctuation).Length > 0)
            .ToList();

    private static bool IsNaturalQuestion(string query, List<string> terms) =>
        terms.Count >= 6
        && (query.TrimEnd().EndsWith('?') || s_questionWords.Contains(terms[0].Trim(s_edgePunctuation)));

    [GeneratedRegex("\"[^\"]+\\s[^\"]+\"|“[^”]+\\s[^”]+”")]
    private static partial Regex QuotedPhraseRegex();
}
