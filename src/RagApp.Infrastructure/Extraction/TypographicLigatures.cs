namespace RagApp.Infrastructure.Extraction;

/// <summary>
/// Spells out the Latin ligature characters (U+FB00-FB06: ff, fi, fl, ffi, ffl, long s t, st). Typeset PDFs draw "fi" in
/// "define" as one glyph that their fonts map to U+FB01: stored as it is, the word matches no typed query, and the
/// encoder's vocabulary has no such piece either.
/// </summary>
internal static class TypographicLigatures
{
    private const char First = '\uFB00';
    private const char Last = '\uFB06';

    private static readonly string[] Spelled = ["ff", "fi", "fl", "ffi", "ffl", "st", "st"];

    public static string Expand(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAnyInRange(First, Last) < 0)
        {
            return text;
        }

        var builder = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is >= First and <= Last)
            {
                builder.Append(Spelled[c - First]);
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
