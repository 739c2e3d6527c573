using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Presentation;
using RagApp.Core.Documents;
using A = DocumentFormat.OpenXml.Drawing;

namespace RagApp.Infrastructure.Extraction;

/// <summary>
/// PowerPoint decks with the Open XML SDK: one heading per slide ("Slide 3: Title"), then the slide's text boxes,
/// tables as "cell | cell" rows, and the speaker notes. Slides have no page numbers.
/// </summary>
public sealed class PptxExtractor : IDocumentExtractor
{
    /// <inheritdoc/>
    public string Format => "pptx";

    /// <inheritdoc/>
    public bool CanExtract(string extension, ReadOnlySpan<byte> header)
    {
        var kind = ContentSniffer.Sniff(header);
        return kind == ContentKind.Pptx
            || (extension is ".pptx" or ".pptm" && kind is not (ContentKind.Pdf or ContentKind.Docx or ContentKind.Html));
    }

    /// <inheritdoc/>
    public async Task<ExtractedDocument> ExtractAsync(Stream content, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (ExtractionErrors.IsEmpty(content))
        {
            return new ExtractedDocument(ExtractionErrors.TitleFromPath(path), Format, []);
        }

        await OfficePackage.ThrowIfNotZipAsync(content, path, "PowerPoint", cancellationToken);
        try
        {
            using var deck = PresentationDocument.Open(content, false);
            var presentation = deck.PresentationPart ?? throw new DocumentExtractionException(path, "not a valid PPTX: no presentation part");
            var slideIds = presentation.Presentation?.SlideIdList?.Elements<SlideId>() ?? [];
            var sections = new List<DocumentSection>();
            string? firstTitle = null;
            var number = 0;
            foreach (var slideId in slideIds)
            {
                cancellationToken.ThrowIfCancellationRequested();
                number++;
                if (slideId.RelationshipId?.Value is not { } relationship || presentation.GetPartById(relationship) is not SlidePart slide)
                {
                    continue;
                }

                var title = SlideTitle(slide);
                firstTitle ??= title;
                var heading = title is null ? $"Slide {number}" : $"Slide {number}: {title}";
                sections.Add(new DocumentSection(heading, null, [heading], IsHeading: true));
                foreach (var block in SlideBlocks(slide).Where(b => b.Length > 0))
                {
                    sections.Add(new DocumentSection(block, null, [heading]));
                }
            }

            var docTitle = deck.PackageProperties.Title?.Trim() is { Length: > 0 } t ? t : firstTitle ?? ExtractionErrors.TitleFromPath(path);
            return new ExtractedDocument(docTitle, Format, sections);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or DocumentExtractionException))
        {
            throw new DocumentExtractionException(path, $"not a valid PPTX: {ExtractionErrors.FirstLine(ex)}", ex);
        }
    }

    private static string? SlideTitle(SlidePart slide) =>
        slide.Slide?.Descendants<Shape>().Where(IsTitle).Select(ShapeText).FirstOrDefault(t => t.Length > 0)?.Replace('\n', ' ');

    private static IEnumerable<string> SlideBlocks(SlidePart slide)
    {
        foreach (var shape in slide.Slide?.Descendants<Shape>().Where(s => !IsTitle(s)) ?? [])
        {
            yield return ShapeText(shape);
        }

        foreach (var table in slide.Slide?.Descendants<A.Table>() ?? [])
        {
            yield return string.Join("\n", table.Elements<A.TableRow>()
                .Select(r => string.Join(" | ", r.Elements<A.TableCell>().Select(c => string.Join(' ', c.Descendants<A.Text>().Select(t => t.Text)).Trim()))));
        }

        var notes = slide.NotesSlidePart?.NotesSlide?.Descendants<Shape>()
            .Where(s => s.NonVisualShapeProperties?.ApplicationNonVisualDrawingProperties?.PlaceholderShape?.Type?.Value == PlaceholderValues.Body)
            .Select(ShapeText)
            .Where(t => t.Length > 0)
            .ToList() ?? [];
        if (notes.Count > 0)
        {
            yield return "Notes: " + string.Join("\n", notes);
        }
    }

    private static bool IsTitle(Shape shape) =>
        shape.NonVisualShapeProperties?.ApplicationNonVisualDrawingProperties?.PlaceholderShape?.Type?.Value is { } type
        && (type == PlaceholderValues.Title || type == PlaceholderValues.CenteredTitle);

    private static string ShapeText(Shape shape) =>
        string.Join("\n", shape.TextBody?.Elements<A.Paragraph>()
            .Select(p => string.Concat(p.Descendants<A.Text>().Select(t => t.Text)).Trim())
            .Where(t => t.Length > 0) ?? []);
}
