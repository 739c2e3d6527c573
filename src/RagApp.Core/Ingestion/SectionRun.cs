using System.Text.RegularExpressions;
using RagApp.Core.Documents;

namespace RagApp.Core.Ingestion;

/// <summary>Consecutive body text under one heading path: the stretch inside which chunks may overlap.</summary>
internal sealed partial class SectionRun
{
    private SectionRun(IReadOnlyList<string> headingPath) => HeadingPath = headingPath;

    public IReadOnlyList<string> HeadingPath { get; }

    /// <summary>Paragraphs in order, with their pages.</summary>
    public List<(string Text, int? Page)> Paragraphs { get; } = [];

    /// <summary>Groups sections into runs. A heading with neither body text nor sub-headings becomes a run of its own text.</summary>
    public static IEnumerable<SectionRun> From(IReadOnlyList<DocumentSection> sections)
    {
        SectionRun? current = null;
        DocumentSection? pendingHeading = null;
        foreach (var section in sections)
        {
            if (section.IsHeading)
            {
                if (current is { Paragraphs.Count: > 0 })
                {
                    yield return current;
                }
                else if (pendingHeading is not null && !IsAncestor(pendingHeading.HeadingPath, section.HeadingPath))
                {
                    yield return Lone(pendingHeading);
                }

                current = null;
                pendingHeading = section;
                continue;
            }

            if (current is null || !current.HeadingPath.SequenceEqual(section.HeadingPath))
            {
                if (current is { Paragraphs.Count: > 0 })
                {
                    yield return current;
                }

                current = new SectionRun(section.HeadingPath);
            }

            var added = current.AddParagraphs(section);
            if (added && pendingHeading is not null)
            {
                pendingHeading = null;
            }
        }

        if (current is { Paragraphs.Count: > 0 })
        {
            yield return current;
        }
        else if (pendingHeading is not null)
        {
            yield return Lone(pendingHeading);
        }
    }

    private static SectionRun Lone(DocumentSection heading)
    {
        var run = new SectionRun(heading.HeadingPath);
        run.AddParagraphs(heading);
        return run;
    }

    private static bool IsAncestor(IReadOnlyList<string> ancestor, IReadOnlyList<string> path) =>
        path.Count > ancestor.Count && path.Take(ancestor.Count).SequenceEqual(ancestor);

    private bool AddParagraphs(DocumentSection section)
    {
        var added = false;
        foreach (var paragraph in BlankLines().Split(section.Text))
        {
            var trimmed = paragraph.Trim();
            if (trimmed.Length > 0)
            {
                Paragraphs.Add((trimmed, section.Page));
                added = true;
            }
        }

        return added;
    }

    [GeneratedRegex(@"\n[ \t\r]*\n")]
    private static partial Regex BlankLines();
}
