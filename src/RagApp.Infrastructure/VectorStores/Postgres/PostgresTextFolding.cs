using System.Text;

namespace RagApp.Infrastructure.VectorStores.Postgres;

/// <summary>
/// Removes diacritics (café -> cafe) before full-text indexing and querying, as the SQLite store's tokenizer does,
/// without PostgreSQL's <c>unaccent</c> extension (not installed everywhere, and absent from PGlite's defaults).
/// A table, not <see cref="string.Normalize()"/>: the app runs with invariant globalization, where normalization does
/// not decompose. It covers the Latin blocks (U+00C0-U+024F, U+1E00-U+1EFF) and drops combining marks (U+0300-U+036F).
/// </summary>
internal static class PostgresTextFolding
{
    // One entry per code point from the block's start: the ASCII base letter, or '.' for "keep the character".
    private const string Latin = "AAAAAA.CEEEEIIII.NOOOOO.OUUUUY..aaaaaa.ceeeeiiii.nooooo.ouuuuy.yAaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGg" +
        "HhHhIiIiIiIiIi..JjKk.LlLlLl..LlNnNnNn...OoOoOo..RrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZz.bB.....C" +
        "c........Ff....I........Oo.............Uu............................AaIiOoUuUuUuUuUu.AaAa....GgKkOo" +
        "Oo..j...Gg..NnAa....AaAaEeEeIiIiOoOoRrRrUuUuSsTt..Hh......AaEeOoOoOoOoYy............................";

    private const string LatinAdditional = "AaBbBbBbCcDdDdDdDdDdEeEeEeEeEeFfGgHhHhHhHhHhIiIiKkKkKkLlLlLlLlMmMmMmNnNnNnNnOoOoOoOoPpPpRrRrRrRrSsSs" +
        "SsSsSsTtTtTtTtUuUuUuUuUuVvVvWwWwWwWwWwXxXxYyZzZzZzhtwy......AaAaAaAaAaAaAaAaAaAaAaAaEeEeEeEeEeEeEeEe" +
        "IiIiOoOoOoOoOoOoOoOoOoOoOoOoUuUuUuUuUuUuUuYyYyYyYy......";

    /// <summary>The text without diacritics, or null when it has none (the common case: nothing extra is stored).</summary>
    public static string? FoldOrNull(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Ascii.IsValid(text))
        {
            return null;
        }

        var folded = Fold(text);
        return string.Equals(folded, text, StringComparison.Ordinal) ? null : folded;
    }

    /// <summary>The text with accented Latin letters replaced by their base letters and combining marks removed.</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var folded = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (ch is >= '\u0300' and <= '\u036F')
            {
                continue;
            }

            folded.Append(ch switch
            {
                >= '\u00C0' and <= '\u024F' when Latin[ch - '\u00C0'] != '.' => Latin[ch - '\u00C0'],
                >= '\u1E00' and <= '\u1EFF' when LatinAdditional[ch - '\u1E00'] != '.' => LatinAdditional[ch - '\u1E00'],
                _ => ch,
            });
        }

        return folded.ToString();
    }
}
