using System.Text;

namespace RagApp.Infrastructure.Extraction;

/// <summary>Joins the lines of a PDF text block into running text, rejoining words hyphenated at a line end.</summary>
internal static class PdfLineJoiner
{
    public static string Join(IEnumerable<string> lines)
    {
        var builder = new StringBuilder();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (builder.Length == 0)
            {
                builder.Append(line);
            }
            else if (EndsHyphenated(builder, line))
            {
                // "inter-" + "national": the hyphen only split the word across lines.
                builder.Length--;
                builder.Append(line);
            }
            else
            {
                builder.Append(' ').Append(line);
            }
        }

        return builder.ToString();
    }

    public static bool EndsHyphenated(string text, string next) => EndsHyphenated(new StringBuilder(text), next);

    private static bool EndsHyphenated(StringBuilder text, string next) =>
        text.Length >= 2
        && text[^1] == '-'
        && char.IsLetter(text[^2])
        && next.Length > 0
        && char.IsLower(next[0]);
}
