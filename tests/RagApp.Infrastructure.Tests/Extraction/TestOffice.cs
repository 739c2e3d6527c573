using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Presentation;
using DocumentFormat.OpenXml.Wordprocessing;
using A = DocumentFormat.OpenXml.Drawing;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace RagApp.Infrastructure.Tests.Extraction;

/// <summary>Writes real Word and PowerPoint files with the Open XML SDK.</summary>
internal static class TestOffice
{
    public static byte[] Docx(string? title, params OpenXmlElement[] body) => Docx(title, [], body);

    /// <summary>A Word file whose footnotes part holds Word's two separator notes, then <paramref name="footnotes"/>.</summary>
    public static byte[] Docx(string? title, string[] footnotes, params OpenXmlElement[] body)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body(body));
            if (footnotes.Length > 0)
            {
                var notes = main.AddNewPart<FootnotesPart>();
                notes.Footnotes = new Footnotes(
                    new Footnote(new W.Paragraph(new W.Run(new SeparatorMark()))) { Type = FootnoteEndnoteValues.Separator, Id = -1 },
                    new Footnote(new W.Paragraph(new W.Run(new ContinuationSeparatorMark()))) { Type = FootnoteEndnoteValues.ContinuationSeparator, Id = 0 });
                for (var i = 0; i < footnotes.Length; i++)
                {
                    notes.Footnotes.Append(new Footnote(new W.Paragraph(new W.Run(new W.Text(footnotes[i])))) { Id = i + 1 });
                }
            }

            var styles = main.AddNewPart<StyleDefinitionsPart>();
            // A localised style id whose name says what it is, as French Word writes it.
            styles.Styles = new Styles(new Style(new StyleName { Val = "heading 2" }) { Type = StyleValues.Paragraph, StyleId = "Titre2" });
            if (title is not null)
            {
                document.PackageProperties.Title = title;
            }
        }

        return stream.ToArray();
    }

    public static W.Paragraph Para(string text, string? style = null)
    {
        var paragraph = new W.Paragraph(new W.Run(new W.Text(text)));
        if (style is not null)
        {
            paragraph.PrependChild(new ParagraphProperties(new ParagraphStyleId { Val = style }));
        }

        return paragraph;
    }

    public static W.Paragraph ListItem(string text, int level = 0) =>
        new(new ParagraphProperties(new NumberingProperties(new NumberingLevelReference { Val = level }, new NumberingId { Val = 1 })), new W.Run(new W.Text(text)));

    public static W.Table Table(params string[][] rows) =>
        new(rows.Select(r => new W.TableRow(r.Select(c => new W.TableCell(new W.Paragraph(new W.Run(new W.Text(c))))))));

    /// <summary>Slides as (title, body lines, notes); a null title leaves the title placeholder out.</summary>
    public static byte[] Pptx(params (string? Title, string[] Body, string? Notes)[] slides)
    {
        using var stream = new MemoryStream();
        using (var deck = PresentationDocument.Create(stream, PresentationDocumentType.Presentation))
        {
            var presentation = deck.AddPresentationPart();
            presentation.Presentation = new Presentation(new SlideIdList());
            uint id = 256;
            foreach (var (title, body, notes) in slides)
            {
                var slide = presentation.AddNewPart<SlidePart>();
                var shapes = new ShapeTree();
                if (title is not null)
                {
                    shapes.Append(Shape(2, PlaceholderValues.Title, title));
                }

                shapes.Append(Shape(3, PlaceholderValues.Body, body));
                slide.Slide = new Slide(new CommonSlideData(shapes));
                if (notes is not null)
                {
                    var notesPart = slide.AddNewPart<NotesSlidePart>();
                    notesPart.NotesSlide = new NotesSlide(new CommonSlideData(new ShapeTree(Shape(2, PlaceholderValues.Body, notes))));
                }

                presentation.Presentation.SlideIdList!.Append(new SlideId { Id = id++, RelationshipId = presentation.GetIdOfPart(slide) });
            }
        }

        return stream.ToArray();
    }

    private static Shape Shape(uint id, PlaceholderValues type, params string[] lines) =>
        new(
            new NonVisualShapeProperties(
                new NonVisualDrawingProperties { Id = id, Name = $"Shape {id}" },
                new NonVisualShapeDrawingProperties(),
                new ApplicationNonVisualDrawingProperties(new PlaceholderShape { Type = type })),
            new ShapeProperties(),
            new TextBody([new A.BodyProperties(), .. lines.Select(l => new A.Paragraph(new A.Run(new A.Text(l))))]));
}
