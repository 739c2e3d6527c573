using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using RagApp.Core.Documents;

namespace RagApp.Infrastructure.Extraction;

/// <summary>
/// Markdown with Markdig: headings become heading sections and the heading path of what follows; paragraphs, lists,
/// code and tables become readable text. The title is the front matter's <c>title</c>, else the first level-1 heading.
/// </summary>
public sealed class MarkdownExtractor : IDocumentExtractor
{
    private static readonly HashSet<string> s_extensions = [".md", ".markdown", ".mdown", ".mkd", ".mdx"];

    private static readonly MarkdownPipeline s_pipeline = new MarkdownPipelineBuilder()
        .UseYamlFrontMatter()
        .UsePipeTables()
        .UseGridTables()
        .UseTaskLists()
        .Build();

    /// <inheritdoc/>
    public string Format => "markdown";

    /// <inheritdoc/>
    public bool CanExtract(string extension, ReadOnlySpan<byte> header) =>
        s_extensions.Contains(extension) && ContentSniffer.Sniff(header) is ContentKind.Empty or ContentKind.Text or ContentKind.Binary;

    /// <inheritdoc/>
    public async Task<ExtractedDocument> ExtractAsync(Stream content, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var text = ExtractionErrors.IsEmpty(content) ? string.Empty : await TextFileReader.ReadAllAsync(content, path, cancellationToken);
        var document = Markdown.Parse(text, s_pipeline);

        var sections = new List<DocumentSection>();
        var headings = new List<(int Level, string Text)>();
        string? frontMatterTitle = null, firstH1 = null;
        foreach (var block in document)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (block)
            {
                case YamlFrontMatterBlock yaml:
                    frontMatterTitle = TitleFromFrontMatter(yaml.Lines.ToString());
                    break;
                case HeadingBlock heading:
                    var headingText = MarkdownBlockText.Inline(heading.Inline);
                    if (headingText.Length == 0)
                    {
                        break;
                    }

                    firstH1 ??= heading.Level == 1 ? headingText : null;
                    headings.RemoveAll(h => h.Level >= heading.Level);
                    headings.Add((heading.Level, headingText));
                    sections.Add(new DocumentSection(headingText, null, [.. headings.Select(h => h.Text)], IsHeading: true));
                    break;
                case ThematicBreakBlock or LinkReferenceDefinitionGroup:
                    break;
                default:
                    var body = MarkdownBlockText.Render(block);
                    if (body.Length > 0)
                    {
                        sections.Add(new DocumentSection(body, null, [.. headings.Select(h => h.Text)]));
                    }

                    break;
            }
        }

        var title = frontMatterTitle ?? firstH1 ?? ExtractionErrors.TitleFromPath(path);
        return new ExtractedDocument(title, Format, sections);
    }

    private static string? TitleFromFrontMatter(string yaml)
    {
        foreach (var line in yaml.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("title:", StringComparison.OrdinalIgnoreCase))
            {
                var value = trimmed["title:".Length..].Trim().Trim('"', '\'').Trim();
                return value.Length > 0 ? value : null;
            }
        }

        return null;
    }
}
