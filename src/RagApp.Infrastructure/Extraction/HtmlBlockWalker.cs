using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using RagApp.Core.Documents;

namespace RagApp.Infrastructure.Extraction;

/// <summary>Walks an HTML element tree into sections: headings set the path, block elements end a paragraph, tables become rows.</summary>
internal sealed partial class HtmlBlockWalker
{
    private static readonly HashSet<string> s_blockElements =
    [
        "p", "div", "section", "article", "main", "blockquote", "pre", "ul", "ol", "dl", "dt", "dd", "figure", "figcaption",
        "address", "details", "summary", "hr", "form", "fieldset", "caption",
    ];

    private readonly List<DocumentSection> _sections = [];
    private readonly List<(int Level, string Text)> _headings = [];
    private readonly StringBuilder _paragraph = new();
    private int _preDepth;

    public string? FirstHeading { get; private set; }

    public static HtmlBlockWalker Walk(IElement root)
    {
        var walker = new HtmlBlockWalker();
        walker.Visit(root);
        walker.Flush();
        return walker;
    }

    public IReadOnlyList<DocumentSection> Sections => _sections;

    private void Visit(INode node)
    {
        if (node is IText text)
        {
            // Source line breaks are only white space, except inside <pre>.
            _paragraph.Append(_preDepth > 0 ? text.Data : Whitespace().Replace(text.Data, " "));
            return;
        }

        if (node is not IElement element)
        {
            return;
        }

        var name = element.LocalName;
        if (name.Length == 2 && name[0] == 'h' && name[1] is >= '1' and <= '6')
        {
            Heading(name[1] - '0', Collapse(element.TextContent));
        }
        else if (name == "br")
        {
            _paragraph.Append('\n');
        }
        else if (name == "table")
        {
            Flush();
            var rows = element.QuerySelectorAll("tr")
                .Select(row => string.Join(" | ", row.Children.Where(c => c.LocalName is "td" or "th").Select(c => Collapse(c.TextContent))))
                .Where(row => row.Length > 0);
            Add(string.Join("\n", rows));
        }
        else if (name == "li")
        {
            Flush();
            _paragraph.Append("- ");
            VisitChildren(element);
            Flush();
        }
        else if (s_blockElements.Contains(name))
        {
            Flush();
            _preDepth += name == "pre" ? 1 : 0;
            VisitChildren(element);
            _preDepth -= name == "pre" ? 1 : 0;
            Flush();
        }
        else
        {
            VisitChildren(element);
        }
    }

    private void VisitChildren(IElement element)
    {
        foreach (var child in element.ChildNodes)
        {
            Visit(child);
        }
    }

    private void Heading(int level, string text)
    {
        Flush();
        if (text.Length == 0)
        {
            return;
        }

        FirstHeading ??= level == 1 ? text : null;
        _headings.RemoveAll(h => h.Level >= level);
        _headings.Add((level, text));
        _sections.Add(new DocumentSection(text, null, [.. _headings.Select(h => h.Text)], IsHeading: true));
    }

    private void Flush()
    {
        var lines = _paragraph.ToString().Split('\n').Select(Collapse).Where(l => l.Length > 0 && l != "-");
        _paragraph.Clear();
        Add(string.Join("\n", lines));
    }

    private void Add(string text)
    {
        if (text.Length > 0)
        {
            _sections.Add(new DocumentSection(text, null, [.. _headings.Select(h => h.Text)]));
        }
    }

    private static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
