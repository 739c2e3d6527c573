using System.Text.RegularExpressions;

namespace RagApp.Infrastructure.Extraction;

/// <summary>
/// Marks running headers and footers: the top or bottom line of a page whose text is the top or bottom line of most
/// pages. Short lines match with digits ignored, so "Page 3 of 9" footers go; a long line must match exactly, so the
/// first sentence of every page ("Line 1 of the table...") stays.
/// </summary>
internal static partial class PdfRunningLineFilter
{
    private const double MinShare = 0.6;
    private const int LinesPerEdge = 2;
    private const int MaxWordsForDigitMatch = 8;

    public static void MarkRepeated(IReadOnlyList<PdfPageText> pages)
    {
        var withText = pages.Where(p => p.Blocks.Count > 0).ToList();
        if (withText.Count < 2)
        {
            return;
        }

        var needed = Math.Max(2, (int)Math.Ceiling(withText.Count * MinShare));
        for (var depth = 0; depth < LinesPerEdge; depth++)
        {
            MarkEdge(withText, needed, page => page.Lines.Where(l => !l.IsRepeated).OrderByDescending(l => l.Top).FirstOrDefault());
            MarkEdge(withText, needed, page => page.Lines.Where(l => !l.IsRepeated).OrderBy(l => l.Bottom).FirstOrDefault());
        }
    }

    private static void MarkEdge(List<PdfPageText> pages, int needed, Func<PdfPageText, PdfTextLine?> edge)
    {
        var candidates = pages.Select(edge).Where(l => l is not null).Select(l => l!).ToList();
        var counts = candidates.GroupBy(Key).ToDictionary(g => g.Key, g => g.Count());
        foreach (var line in candidates)
        {
            if (counts[Key(line)] >= needed)
            {
                line.IsRepeated = true;
            }
        }
    }

    private static string Key(PdfTextLine line) =>
        line.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= MaxWordsForDigitMatch ? Digits().Replace(line.Text, "#") : line.Text;

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();
}
