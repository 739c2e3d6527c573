using RagApp.Core.Documents;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Exceptions;

namespace RagApp.Infrastructure.Extraction;

/// <summary>
/// PDF text with PdfPig, one section per text block with its page. Running headers and footers are dropped,
/// hyphenated line ends are joined, and short blocks set in a larger font than the body become headings.
/// A PDF without a text layer (a scan) fails with "no extractable text (scanned image?)" so users see it was not indexed.
/// </summary>
public sealed class PdfPigExtractor : IDocumentExtractor
{
    private const double HeadingSizeRatio = 1.15;
    private const int MaxHeadingChars = 120;

    /// <inheritdoc/>
    public string Format => "pdf";

    /// <inheritdoc/>
    public bool CanExtract(string extension, ReadOnlySpan<byte> header)
    {
        var kind = ContentSniffer.Sniff(header);
        // A damaged file named .pdf still goes here so that users learn it is not a valid PDF.
        return kind == ContentKind.Pdf || (extension == ".pdf" && kind is ContentKind.Empty or ContentKind.Text or ContentKind.Binary);
    }

    /// <inheritdoc/>
    public Task<ExtractedDocument> ExtractAsync(Stream content, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        cancellationToken.ThrowIfCancellationRequested();
        if (ExtractionErrors.IsEmpty(content))
        {
            return Task.FromResult(new ExtractedDocument(ExtractionErrors.TitleFromPath(path), Format, [], 0));
        }

        try
        {
            return Task.FromResult(Extract(content, path, cancellationToken));
        }
        catch (PdfDocumentEncryptedException ex)
        {
            throw new DocumentExtractionException(path, "encrypted PDF (password required)", ex);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or DocumentExtractionException))
        {
            throw new DocumentExtractionException(path, $"not a valid PDF: {ExtractionErrors.FirstLine(ex)}", ex);
        }
    }

    private ExtractedDocument Extract(Stream content, string path, CancellationToken cancellationToken)
    {
        content.Seek(0, SeekOrigin.Begin);
        using var pdf = PdfDocument.Open(content);
        var pages = new List<PdfPageText>(pdf.NumberOfPages);
        for (var number = 1; number <= pdf.NumberOfPages; number++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            pages.Add(PdfPageText.Read(pdf.GetPage(number)));
        }

        if (pages.All(p => p.Blocks.Count == 0))
        {
            throw new DocumentExtractionException(path, pages.Count == 0 ? "not a valid PDF: no pages" : "no extractable text (scanned image?)");
        }

        PdfRunningLineFilter.MarkRepeated(pages);
        var sections = BuildSections(pages);
        var title = UsefulInfoTitle(pdf.Information.Title) is { } infoTitle
            ? infoTitle
            : sections.FirstOrDefault(s => s.IsHeading)?.Text ?? FirstLine(sections) ?? ExtractionErrors.TitleFromPath(path);
        return new ExtractedDocument(title, Format, sections, pages.Count);
    }

    private static List<DocumentSection> BuildSections(List<PdfPageText> pages)
    {
        var bodySize = BodyFontSize(pages);
        var blocks = pages
            .SelectMany(p => p.Blocks.Select(b => (Page: p.Number, Lines: b.Where(l => !l.IsRepeated).ToList())))
            .Where(b => b.Lines.Count > 0)
            .ToList();
        var headingSizes = blocks.Where(b => IsHeading(b.Lines, bodySize)).Select(b => b.Lines.Max(l => l.FontSize))
            .Distinct().OrderDescending().ToList();

        var sections = new List<DocumentSection>();
        var path = new List<(int Level, string Text)>();
        foreach (var (page, lines) in blocks)
        {
            var text = PdfLineJoiner.Join(lines.Select(l => l.Text));
            if (IsHeading(lines, bodySize))
            {
                var level = headingSizes.IndexOf(lines.Max(l => l.FontSize));
                path.RemoveAll(h => h.Level >= level);
                path.Add((level, text));
                sections.Add(new DocumentSection(text, page, [.. path.Select(h => h.Text)], IsHeading: true));
            }
            else if (sections.Count > 0 && sections[^1] is { IsHeading: false } previous && previous.Page == page
                && PdfLineJoiner.EndsHyphenated(previous.Text, text))
            {
                // A word hyphenated across two blocks of the same page.
                sections[^1] = previous with { Text = PdfLineJoiner.Join([previous.Text, text]) };
            }
            else
            {
                sections.Add(new DocumentSection(text, page, [.. path.Select(h => h.Text)]));
            }
        }

        return sections;
    }

    /// <summary>The document information title, unless it is empty or a word processor's placeholder such as "Microsoft Word - a.docx".</summary>
    private static string? UsefulInfoTitle(string? title)
    {
        var trimmed = title?.Trim() ?? string.Empty;
        if (trimmed.StartsWith("Microsoft Word - ", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = Path.GetFileNameWithoutExtension(trimmed["Microsoft Word - ".Length..]);
        }

        return trimmed.Length == 0 || trimmed.Equals("untitled", StringComparison.OrdinalIgnoreCase) ? null : trimmed;
    }

    /// <summary>The font size carrying the most characters.</summary>
    private static double BodyFontSize(List<PdfPageText> pages) =>
        pages.SelectMany(p => p.Lines).Where(l => !l.IsRepeated)
            .GroupBy(l => l.FontSize).OrderByDescending(g => g.Sum(l => l.Text.Length)).ThenBy(g => g.Key)
            .Select(g => g.Key).FirstOrDefault();

    private static bool IsHeading(List<PdfTextLine> lines, double bodySize) =>
        bodySize > 0
        && lines.Count <= 2
        && lines.Sum(l => l.Text.Length) <= MaxHeadingChars
        && lines.Min(l => l.FontSize) >= bodySize * HeadingSizeRatio
        && lines.Any(l => l.Text.Any(char.IsLetter));

    private static string? FirstLine(List<DocumentSection> sections)
    {
        var text = sections.FirstOrDefault()?.Text;
        if (text is null)
        {
            return null;
        }

        var line = text.Split('\n')[0].Trim();
        return line.Length > MaxHeadingChars ? line[..MaxHeadingChars] : line;
    }
}
