using System.Text;
using RagApp.Core.Documents;

namespace RagApp.Infrastructure.Extraction;

/// <summary>Plain text in any common encoding; paragraphs are separated by blank lines.</summary>
public sealed class PlainTextExtractor : IDocumentExtractor
{
    /// <summary>Paragraphs longer than this are cut at a line break so one run-on file does not become one huge block.</summary>
    private const int MaxParagraphChars = 32 * 1024;
    private const int MaxTitleChars = 100;

    private static readonly HashSet<string> s_extensions =
    [
        ".txt", ".text", ".log", ".rst", ".adoc", ".asciidoc", ".org", ".yaml", ".yml", ".ini", ".cfg", ".conf", ".toml",
    ];

    /// <inheritdoc/>
    public string Format => "text";

    /// <inheritdoc/>
    public bool CanExtract(string extension, ReadOnlySpan<byte> header)
    {
        var kind = ContentSniffer.Sniff(header);
        if (kind is not (ContentKind.Empty or ContentKind.Text or ContentKind.Binary))
        {
            return false;
        }

        // A file without an extension (README, LICENSE) is read when it looks like text.
        return s_extensions.Contains(extension) || (extension.Length == 0 && kind is ContentKind.Text or ContentKind.Empty);
    }

    /// <inheritdoc/>
    public async Task<ExtractedDocument> ExtractAsync(Stream content, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var sections = new List<DocumentSection>();
        string? heading = null;
        if (!ExtractionErrors.IsEmpty(content))
        {
            using var reader = await TextFileReader.OpenAsync(content, path, cancellationToken);
            heading = await ReadParagraphsAsync(reader, sections, cancellationToken);
        }

        return new ExtractedDocument(heading ?? ExtractionErrors.TitleFromPath(path), Format, sections);
    }

    /// <summary>Reads paragraphs; a short first line standing alone, without end punctuation, is the title and heading.</summary>
    private static async Task<string?> ReadParagraphsAsync(StreamReader reader, List<DocumentSection> sections, CancellationToken cancellationToken)
    {
        var paragraph = new StringBuilder();
        string? heading = null;
        IReadOnlyList<string> headingPath = [];
        var lines = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line) || paragraph.Length > MaxParagraphChars)
            {
                Flush();
            }

            if (!string.IsNullOrWhiteSpace(line))
            {
                paragraph.Append(paragraph.Length > 0 ? "\n" : string.Empty).Append(line.TrimEnd());
                lines++;
            }
        }

        Flush();
        return heading;

        void Flush()
        {
            if (paragraph.Length == 0)
            {
                return;
            }

            var text = paragraph.ToString();
            if (sections.Count == 0 && lines == 1 && IsTitleLine(text))
            {
                heading = text.Trim();
                headingPath = [heading];
                sections.Add(new DocumentSection(heading, null, headingPath, IsHeading: true));
            }
            else
            {
                sections.Add(new DocumentSection(text, null, headingPath));
            }

            paragraph.Clear();
        }
    }

    private static bool IsTitleLine(string line) =>
        line.Length <= MaxTitleChars && line.Trim().Length > 0 && !".!?:;,".Contains(line.TrimEnd()[^1], StringComparison.Ordinal);
}
