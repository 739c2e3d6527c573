namespace RagApp.Core.Retrieval;

/// <summary>
/// Whether a chunk shares a word with the query: the grounding test for keyword hits whose vector is unknown.
/// Words are runs of letters and digits, compared case-insensitively by their first five characters after dropping a plural s (a crude stem, so
/// that <c>retrieval</c> meets <c>retrieve</c> as a stemming full-text index would); one-letter words are ignored.
/// </summary>
public static class KeywordMatch
{
    private const int StemLength = 5;

    /// <summary>The distinct word stems of a text, lower case.</summary>
    public static IReadOnlySet<string> Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new HashSet<string>(StringComparer.Ordinal);
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                if (i - start > 1)
                {
                    words.Add(Stem(text[start..i].ToLowerInvariant()));
                }

                start = -1;
            }
        }

        return words;
    }

    private static string Stem(string word)
    {
        if (word.Length > 3 && word[^1] == 's' && word[^2] != 's')
        {
            word = word[..^1];
        }

        return word.Length > StemLength ? word[..StemLength] : word;
    }

    /// <summary>True when <paramref name="text"/> holds at least one of <paramref name="queryWords"/>.</summary>
    public static bool ContainsAny(string text, IReadOnlySet<string> queryWords)
    {
        ArgumentNullException.ThrowIfNull(queryWords);
        return queryWords.Count > 0 && Words(text).Overlaps(queryWords);
    }
}
