using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using RagApp.Core.Documents;

namespace RagApp.Infrastructure.Extraction;

/// <summary>
/// Word documents with the Open XML SDK: Title and Heading n paragraph styles (or outline levels) set the heading path,
/// list paragraphs become "- item" lines, tables become "cell | cell" rows.
/// </summary>
public sealed class DocxExtractor : IDocumentExtractor
{
    /// <inheritdoc/>
    public string Format => "docx";

    /// <inheritdoc/>
    public bool CanExtract(string extension, ReadOnlySpan<byte> header)
    {
        var kind = ContentSniffer.Sniff(header);
        return kind == ContentKind.Docx
            || (extension is ".docx" or ".docm" && kind is not (ContentKind.Pdf or ContentKind.Pptx or ContentKind.Html));
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

        await OfficePackage.ThrowIfNotZipAsync(content, path, "Word", cancellationToken);
        try
        {
            using var document = WordprocessingDocument.Open(content, false);
            var main = document.MainDocumentPart ?? throw new DocumentExtractionException(path, "not a valid DOCX: no main document part");
            var styles = main.StyleDefinitionsPart?.Styles?.Elements<Style>()
                .Where(s => s.StyleId?.Value is not null)
                .ToDictionary(s => s.StyleId!.Value!, s => s.StyleName?.Val?.Value ?? string.Empty) ?? [];
            var builder = new DocxSectionBuilder(styles);
            foreach (var element in main.Document?.Body?.ChildElements ?? Enumerable.Empty<OpenXmlElement>())
            {
                cancellationToken.ThrowIfCancellationRequested();
                builder.Add(element);
            }

            builder.Flush();
            builder.AddNotes("Footnotes", NoteTexts(main.FootnotesPart?.Footnotes?.Elements<Footnote>()));
            builder.AddNotes("Endnotes", NoteTexts(main.EndnotesPart?.Endnotes?.Elements<Endnote>()));
            var title = document.PackageProperties.Title?.Trim() is { Length: > 0 } t
                ? t
                : builder.FirstHeading ?? ExtractionErrors.TitleFromPath(path);
            return new ExtractedDocument(title, Format, builder.Sections);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or DocumentExtractionException))
        {
            throw new DocumentExtractionException(path, $"not a valid DOCX: {ExtractionErrors.FirstLine(ex)}", ex);
        }
    }

    /// <summary>The text of each real note (not the separator lines Word keeps among them), in document order.</summary>
    private static List<string> NoteTexts(IEnumerable<FootnoteEndnoteType>? notes) =>
        notes is null ? [] : [.. notes
            .Where(n => n.Type is null || n.Type.Value == FootnoteEndnoteValues.Normal)
            .Select(n => string.Join(' ', n.Elements<Paragraph>().Select(ParagraphText)).Trim())
            .Where(t => t.Length > 0)];

    /// <summary>A paragraph's visible text: runs, tabs and line breaks (deleted revisions excluded).</summary>
    internal static string ParagraphText(OpenXmlElement paragraph)
    {
        var builder = new StringBuilder();
        foreach (var element in paragraph.Descendants())
        {
            switch (element)
            {
                case Text text:
                    builder.Append(text.Text);
                    break;
                case TabChar:
                    builder.Append(' ');
                    break;
                case Break or CarriageReturn:
                    builder.Append('\n');
                    break;
            }
        }

        return builder.ToString().Trim();
    }
}
