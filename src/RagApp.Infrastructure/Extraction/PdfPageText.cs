using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis.PageSegmenter;
using UglyToad.PdfPig.DocumentLayoutAnalysis.ReadingOrderDetector;
using UglyToad.PdfPig.DocumentLayoutAnalysis.WordExtractor;

namespace RagApp.Infrastructure.Extraction;

/// <summary>A PDF page's text as blocks of lines in reading order.</summary>
internal sealed class PdfPageText
{
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
                .Select(l => new PdfTextLine(l.Text.Trim(), l.BoundingBox.Top, l.BoundingBox.Bottom, FontSize(l.Words)))
                .ToList();
            if (lines.Count > 0)
            {
                result.Add(lines);
            }
        }

        return new PdfPageText(page.Number, result);
    }

    private static double FontSize(IReadOnlyList<Word> words)
    {
        var sizes = words.SelectMany(w => w.Letters).Where(l => !string.IsNullOrWhiteSpace(l.Value)).Select(l => l.PointSize).ToList();
        return sizes.Count == 0 ? 0 : Math.Round(sizes.Average(), 1);
    }
}
