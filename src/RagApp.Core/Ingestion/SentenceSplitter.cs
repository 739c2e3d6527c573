namespace RagApp.Core.Ingestion;

/// <summary>Cuts a paragraph into sentences at end punctuation followed by white space, and at line breaks.</summary>
public static class SentenceSplitter
{
    private static readonly HashSet<string> s_abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "prof", "st", "no", "nos", "fig", "figs", "approx", "cf", "al", "inc", "ltd",
        "jr", "sr", "pp", "vol", "ch", "sec", "eq",
    };

    /// <summary>The sentences of <paramref name="text"/>, trimmed, in order; none for blank text.</summary>
    public static IReadOnlyList<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            int end;
            if (c == '\n')
            {
                end = i;
            }
            else if (c is '。' or '！' or '？')
            {
                end = i + 1;
            }
            else if (c is '.' or '!' or '?' or '…' && EndsSentence(text, start, i, out end))
            {
                i = end - 1;
            }
            else
            {
                continue;
            }

            Add(sentences, text.AsSpan(start, end - start));
            start = end;
        }

        Add(sentences, text.AsSpan(start));
        return sentences;
    }

    private static bool EndsSentence(string text, int start, int index, out int end)
    {
        end = index + 1;
        while (end < text.Length && text[end] is '.' or '!' or '?' or '"' or '\'' or ')' or ']' or '”' or '’' or '»')
        {
            end++;
        }

        if (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            return false;
        }

        return text[index] != '.' || !IsAbbreviation(text, start, index);
    }

    /// <summary>
    /// True when the stop at <paramref name="dot"/> closes a single letter ("J. Smith", "(p. 148)") or a known
    /// abbreviation ("e.g.") rather than a sentence; the word is read back to white space or an opening bracket, not
    /// past <paramref name="start"/>.
    /// </summary>
    internal static bool IsAbbreviation(string text, int start, int dot)
    {
        var wordStart = dot;
        while (wordStart > start && !char.IsWhiteSpace(text[wordStart - 1]) && text[wordStart - 1] is not ('(' or '['))
        {
            wordStart--;
        }

        var word = text[wordStart..dot];
        // A single letter ("J. Smith") or a known abbreviation does not end a sentence.
        return (word.Length == 1 && char.IsLetter(word[0])) || s_abbreviations.Contains(word);
    }

    private static void Add(List<string> sentences, ReadOnlySpan<char> sentence)
    {
        var trimmed = sentence.Trim();
        if (!trimmed.IsEmpty)
        {
            sentences.Add(trimmed.ToString());
        }
    }
}
