using System.Globalization;
using System.Text.RegularExpressions;

namespace RagApp.Core.Chat;

/// <summary>
/// Finds citation markers (<c>[1]</c>, <c>[1, 3]</c>, <c>[1][2]</c>) in an answer and keeps only numbers that refer to a
/// source given to the model; a number that refers to no source is removed, so it is never shown as a source.
/// </summary>
public static partial class CitationValidator
{
    /// <summary>Checks <paramref name="answer"/> against sources numbered 1..<paramref name="sourceCount"/>.</summary>
    public static CitationCheck Validate(string answer, int sourceCount)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var cited = new List<int>();
        var invalid = new List<int>();
        var text = MarkerPattern().Replace(answer, m => Rewrite(m, sourceCount, cited, invalid));
        return new CitationCheck(text, cited, invalid);
    }

    /// <summary>Rewrites every complete marker in <paramref name="text"/>, adding to <paramref name="cited"/> and <paramref name="invalid"/>.</summary>
    internal static string RewriteMarkers(string text, int sourceCount, List<int> cited, List<int> invalid) =>
        MarkerPattern().Replace(text, m => Rewrite(m, sourceCount, cited, invalid));

    private static string Rewrite(Match match, int sourceCount, List<int> cited, List<int> invalid)
    {
        var kept = new List<int>();
        foreach (var part in match.Groups["numbers"].Value.Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > sourceCount)
            {
                var bad = int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var b) ? b : -1;
                if (!invalid.Contains(bad))
                {
                    invalid.Add(bad);
                }

                continue;
            }

            if (!kept.Contains(n))
            {
                kept.Add(n);
            }

            if (!cited.Contains(n))
            {
                cited.Add(n);
            }
        }

        if (kept.Count == 0)
        {
            return "";
        }

        return match.Groups["lead"].Value + "[" + string.Join(", ", kept) + "]";
    }

    [GeneratedRegex(@"(?<lead>\s?)\[(?<numbers>\s*\d{1,4}\s*(?:[,;]\s*\d{1,4}\s*)*)\]", RegexOptions.CultureInvariant)]
    private static partial Regex MarkerPattern();
}
