using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using RagApp.Core.Retrieval;

namespace RagApp.Core.Chat;

/// <summary>
/// Numbers the retrieved passages and writes each as a delimited data block,
/// <c>&lt;source id="1" file="x.pdf" page="2"&gt;…&lt;/source&gt;</c>, so the model can cite them and tell them apart from instructions.
/// </summary>
public static partial class ContextBuilder
{
    /// <summary>
    /// Numbers <paramref name="chunks"/> from 1 in the order given, keeping only the first of chunks with identical text.
    /// </summary>
    public static IReadOnlyList<NumberedSource> Number(IEnumerable<RetrievedChunk> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var sources = new List<NumberedSource>();
        foreach (var chunk in chunks)
        {
            if (seen.Add(NormalizeForComparison(chunk.Chunk.Text)))
            {
                sources.Add(new NumberedSource(sources.Count + 1, chunk));
            }
        }

        return sources;
    }

    /// <summary>The sources as delimited blocks, one after the other.</summary>
    public static string Build(IReadOnlyList<NumberedSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var text = new StringBuilder();
        foreach (var source in sources)
        {
            var chunk = source.Chunk.Chunk;
            text.Append(CultureInfo.InvariantCulture, $"<source id=\"{source.N}\" file=\"{Attribute(chunk.Source)}\"");
            if (chunk.Page is { } page)
            {
                text.Append(CultureInfo.InvariantCulture, $" page=\"{page}\"");
            }

            if (!string.IsNullOrWhiteSpace(chunk.Section))
            {
                text.Append(CultureInfo.InvariantCulture, $" section=\"{Attribute(chunk.Section)}\"");
            }

            text.Append(">\n").Append(Neutralize(chunk.Text.Trim())).Append("\n</source>\n");
        }

        return text.ToString();
    }

    /// <summary>
    /// Makes text that looks like a source delimiter (<c>&lt;source</c>, <c>&lt;/source&gt;</c>) inert, so a document cannot
    /// close its own block and pose as instructions.
    /// </summary>
    public static string Neutralize(string text) =>
        DelimiterPattern().Replace(text, m => "&lt;" + m.Value[1..]);

    private static string Attribute(string value) =>
        WebUtility.HtmlEncode(value.ReplaceLineEndings(" "));

    private static string NormalizeForComparison(string text) =>
        WhitespacePattern().Replace(text.Trim(), " ");

    [GeneratedRegex(@"<\s*/?\s*source\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DelimiterPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();
}
