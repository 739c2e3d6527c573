using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis.PageSegmenter;
using UglyToad.PdfPig.DocumentLayoutAnalysis.ReadingOrderDetector;
using UglyToad.PdfPig.DocumentLayoutAnalysis.WordExtractor;

namespace RagApp.Infrastructure.Extraction;

/// <summary>A PDF page's text as blocks of lines in reading order.</summary>
internal sealed class PdfPageText
{
    private const double FontChangeRatio = 0.1;

    private PdfPageText(int number, IReadOnlyList<IReadOnlyList<PdfTextLine>> blocks)
    {
        Number = number;
        Blocks = blocks;
    }

    /// <summary>1-based page number.</summary>
    public int Number { get; }

    public IReadOnlyList<IReadOnlyList<PdfTextLine>> Blocks { get; }

    public IEnumerable<PdfTextLine> Lines => Blocks.SelectMany(b => b);

    /// <summary>
    /// Words by nearest neighbour (gives the spacing that the glyph positions imply), blocks by Docstrum, blocks in
    /// unsupervised reading order.
    /// </summary>
    public static PdfPageText Read(Page page)
    {
        var words = page.GetWords(NearestNeighbourWordExtractor.Instance).Where(w => !string.IsNullOrWhiteSpace(w.Text)).ToList();
        if (words.Count == 0)
        {
            return new PdfPageText(page.Number, []);
        }

        var blocks = DocstrumBoundingBoxes.Instance.GetBlocks(words);
        var ordered = UnsupervisedReadingOrderDetector.Instance.Get(blocks).OrderBy(b => b.ReadingOrder);
        var result = new List<IReadOnlyList<PdfTextLine>>();
        foreach (var block in ordered)
        {
            var lines = block.TextLines
                .Where(l => !string.IsNullOrWhiteSpace(l.Text))
                .Select(l => new PdfTextLine(TypographicLigatures.Expand(l.Text.Trim()), l.BoundingBox.Top, l.BoundingBox.Bottom, FontSize(l.Words)))
                .ToList();
            result.AddRange(SplitAtFontChanges(lines));
        }

        return new PdfPageText(page.Number, result);
    }

    /// <summary>A heading set close above its paragraph lands in the same block; a change of font size splits them again.</summary>
    private static IEnumerable<List<PdfTextLine>> SplitAtFontChanges(List<PdfTextLine> lines)
    {
        var current = new List<PdfTextLine>();
        foreach (var line in lines)
        {
            if (current.Count > 0 && Math.Abs(line.FontSize - current[^1].FontSize) > FontChangeRatio * Math.Max(line.FontSize, current[^1].FontSize))
            {
                yield return current;
                current = [];
            }

            current.Add(line);
        }

        if (current.Count > 0)
        {
            yield return current;
        }
    }

    private static double FontSize(IReadOnlyList<Word> words)
    {
        var sizes = words.SelectMany(w => w.Letters).Where(l => !string.IsNullOrWhiteSpace(l.Value)).Select(l => l.PointSize).ToList();
        return sizes.Count == 0 ? 0 : Math.Round(sizes.Average(), 1);
    }
}
