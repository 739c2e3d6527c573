using System.Text;

namespace RagApp.Core.Chat;

/// <summary>Lower-cased, stemmed content words of a text (stop words removed), for matching sentences to a question.</summary>
public static class QueryTerms
{
    private static readonly HashSet<string> s_stopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because",
        "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing",
        "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here",
        "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most",
        "my", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "out", "over", "own",
        "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there", "these",
        "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what",
        "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "tell", "please",
        "explain", "describe", "give", "show", "many", "much", "s", "t", "one", "may", "might", "must", "shall",
    };

    /// <summary>The content-word stems of <paramref name="text"/>, in order, with repeats.</summary>
    public static IReadOnlyList<string> Extract(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var terms = new List<string>();
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else if (word.Length > 0)
            {
                AddTerm(terms, word.ToString());
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            AddTerm(terms, word.ToString());
        }

        return terms;
    }

    /// <summary>True when <paramref name="word"/> (lower case) is a stop word.</summary>
    public static bool IsStopWord(string word) => s_stopWords.Contains(word);

    /// <summary>A light suffix-stripping stem: plurals, -ing, -ed, -ly, -ies, -ational and the like.</summary>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length <= 3 || word.Any(char.IsAsciiDigit))
        {
            return word;
        }

        string[][] rules =
        [
            ["ational", "ate"], ["ization", "ize"], ["fulness", "ful"], ["iveness", "ive"], ["ousness", "ous"],
            ["ements", "e"], ["ement", "e"], ["ments", ""], ["ment", ""], ["ingly", ""], ["edly", ""],
            ["ies", "y"], ["sses", "ss"], ["ing", ""], ["ed", ""], ["ly", ""], ["es", "e"], ["s", ""],
        ];
        foreach (var rule in rules)
        {
            var (suffix, replacement) = (rule[0], rule[1]);
            if (word.EndsWith(suffix, StringComparison.Ordinal) && word.Length - suffix.Length >= 3)
            {
                if (suffix == "s" && (word.EndsWith("ss", StringComparison.Ordinal) || word.EndsWith("us", StringComparison.Ordinal) || word.EndsWith("is", StringComparison.Ordinal)))
                {
                    return word;
                }

                var stem = word[..^suffix.Length] + replacement;
                return stem.EndsWith('e') && replacement.Length == 0 ? stem[..^1] : TrimDouble(stem, suffix);
            }
        }

        return word.EndsWith('e') && word.Length > 4 ? word[..^1] : word;
    }

    private static string TrimDouble(string stem, string suffix)
    {
        // "running" -> "runn" -> "run"; "stopped" -> "stop"; keep "ll", "ss", "zz" ("called" -> "call").
        if (suffix is "ing" or "ed" && stem.Length >= 4 && stem[^1] == stem[^2] && stem[^1] is not ('l' or 's' or 'z'))
        {
            return stem[..^1];
        }

        return stem.EndsWith('e') && stem.Length > 4 ? stem[..^1] : stem;
    }

    private static void AddTerm(List<string> terms, string word)
    {
        if (!s_stopWords.Contains(word))
        {
            terms.Add(Stem(word));
        }
    }
}
