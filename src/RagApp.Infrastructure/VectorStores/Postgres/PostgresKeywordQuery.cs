using System.Globalization;
using System.Text;

namespace RagApp.Infrastructure.VectorStores.Postgres;

/// <summary>
/// Turns any user text into a <c>to_tsquery</c> input that cannot fail to parse: the text's words (runs of letters
/// and digits, diacritics removed as in the indexed text) joined with <c>|</c> (OR), so a chunk matches when it holds any of them and ranks higher with more.
/// Operators, quotes, backslashes, emoji and punctuation never reach the parser; stop words are dropped by the
/// <c>english</c> configuration, leaving an empty query that matches nothing.
/// </summary>
internal static class PostgresKeywordQuery
{
    /// <summary>Distinct words kept from one query; a 10,000-character paste stays a cheap query.</summary>
    public const int MaxTerms = 64;

    /// <summary>Longer words are cut: PostgreSQL ignores words over 2047 bytes and no real word is that long.</summary>
    public const int MaxTermLength = 100;

    /// <summary>The tsquery text, or null when the query holds no word at all.</summary>
    public static string? Build(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var terms = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var word = new StringBuilder();
        foreach (var rune in query.EnumerateRunes())
        {
            // A mark (accent, emoji variation selector) continues a word but never starts one.
            if (IsWordRune(rune) && (word.Length > 0 || !IsMark(rune)))
            {
                if (word.Length < MaxTermLength)
                {
                    word.Append(rune.ToString().ToLowerInvariant());
                }

                continue;
            }

            if (AddTerm(word, terms, seen))
            {
                break;
            }
        }

        AddTerm(word, terms, seen);
        return terms.Count == 0 ? null : string.Join(" | ", terms);
    }

    private static bool IsWordRune(Rune rune) =>
        Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark => true,
            _ => false,
        };

    private static bool IsMark(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    /// <summary>Adds the pending word; true when the term limit is reached.</summary>
    private static bool AddTerm(StringBuilder word, List<string> terms, HashSet<string> seen)
    {
        if (word.Length == 0)
        {
            return terms.Count >= MaxTerms;
        }

        var term = PostgresTextFolding.Fold(word.ToString());
        word.Clear();
        if (terms.Count < MaxTerms && seen.Add(term))
        {
            terms.Add(term);
        }

        return terms.Count >= MaxTerms;
    }
}
