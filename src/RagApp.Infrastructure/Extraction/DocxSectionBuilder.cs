using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;
using RagApp.Core.Documents;

namespace RagApp.Infrastructure.Extraction;

/// <summary>Turns Word body elements into sections, keeping the heading path and merging consecutive list items.</summary>
internal sealed class DocxSectionBuilder(IReadOnlyDictionary<string, string> styleNames)
{
    private readonly List<DocumentSection> _sections = [];
    private readonly List<(int Level, string Text)> _headings = [];
    private readonly List<string> _listItems = [];

    public IReadOnlyList<DocumentSection> Sections => _sections;

    public string? FirstHeading { get; private set; }

    public void Add(OpenXmlElement element)
    {
        switch (element)
        {
            case Paragraph paragraph:
                AddParagraph(paragraph);
                break;
            case Table table:
                Flush();
                var rows = table.Elements<TableRow>()
                    .Select(r => string.Join(" | ", r.Elements<TableCell>().Select(c => string.Join(' ', c.Elements<Paragraph>().Select(DocxExtractor.ParagraphText)).Trim())))
                    .Where(r => r.Replace("|", string.Empty, StringComparison.Ordinal).Trim().Length > 0);
                AddBody(string.Join("\n", rows));
                break;
            case SdtBlock block:
                foreach (var child in block.SdtContentBlock?.ChildElements ?? Enumerable.Empty<OpenXmlElement>())
                {
                    Add(child);
                }

                break;
        }
    }

    public void Flush()
    {
        if (_listItems.Count > 0)
        {
            AddBody(string.Join("\n", _listItems));
            _listItems.Clear();
        }
    }

    /// <summary>
    /// Footnotes or endnotes after the body, under a heading of their own ("Footnotes"), one "[n] text" paragraph each,
    /// numbered in order as Word shows them.
    /// </summary>
    public void AddNotes(string heading, IReadOnlyList<string> notes)
    {
        if (notes.Count == 0)
        {
            return;
        }

        Flush();
        _headings.Clear();
        _headings.Add((1, heading));
        _sections.Add(new DocumentSection(heading, null, [heading], IsHeading: true));
        for (var i = 0; i < notes.Count; i++)
        {
            AddBody($"[{i + 1}] {notes[i]}");
        }
    }

    private void AddParagraph(Paragraph paragraph)
    {
        var text = DocxExtractor.ParagraphText(paragraph);
        if (text.Length == 0)
        {
            return;
        }

        var properties = paragraph.ParagraphProperties;
        if (HeadingLevel(properties) is { } level)
        {
            Flush();
            FirstHeading ??= level <= 1 ? text : null;
            _headings.RemoveAll(h => h.Level >= level);
            _headings.Add((level, text));
            _sections.Add(new DocumentSection(text, null, [.. _headings.Select(h => h.Text)], IsHeading: true));
        }
        else if (properties?.NumberingProperties is { } numbering)
        {
            var depth = numbering.NumberingLevelReference?.Val?.Value ?? 0;
            _listItems.Add(new string(' ', depth * 2) + "- " + text);
        }
        else
        {
            Flush();
            AddBody(text);
        }
    }

    /// <summary>0 for Title, n for Heading n (by style name or id), else the outline level plus one; null for body text.</summary>
    private int? HeadingLevel(ParagraphProperties? properties)
    {
        var styleId = properties?.ParagraphStyleId?.Val?.Value;
        if (styleId is not null)
        {
            var name = styleNames.TryGetValue(styleId, out var n) && n.Length > 0 ? n : styleId;
            var compact = name.Replace(" ", string.Empty, StringComparison.Ordinal);
            if (compact.Equals("title", StringComparison.OrdinalIgnoreCase))
            {
                return 0;
            }

            if (compact.StartsWith("heading", StringComparison.OrdinalIgnoreCase) && int.TryParse(compact.AsSpan("heading".Length), out var level))
            {
                return level;
            }
        }

        return properties?.OutlineLevel?.Val?.Value is { } outline and < 9 ? outline + 1 : null;
    }

    private void AddBody(string text)
    {
        if (text.Length > 0)
        {
            _sections.Add(new DocumentSection(text, null, [.. _headings.Select(h => h.Text)]));
        }
    }
}
