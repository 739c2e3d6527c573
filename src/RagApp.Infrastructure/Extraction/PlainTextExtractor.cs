using System.Text;
using RagApp.Core.Documents;

namespace RagApp.Infrastructure.Extraction;

/// <summary>Plain text in any common encoding; paragraphs are separated by blank lines.</summary>
public sealed class PlainTextExtractor : IDocumentExtractor
{
    /// <summary>Paragraphs longer than this are cut at a line break so one run-on file does not become one huge block.</summary>
    private const int MaxParagraphChars = 32 * 1024;

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
        if (!ExtractionErrors.IsEmpty(content))
        {
            using var reader = await TextFileReader.OpenAsync(content, path, cancellationToken);
            await ReadParagraphsAsync(reader, sections, cancellationToken);
        }

        return new ExtractedDocument(ExtractionErrors.TitleFromPath(path), Format, sections);
    }

    private static async Task ReadParagraphsAsync(StreamReader reader, List<DocumentSection> sections, CancellationToken cancellationToken)
    {
        var paragraph = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line) || paragraph.Length > MaxParagraphChars)
            {
                Flush();
            }

            if (!string.IsNullOrWhiteSpace(line))
            {
                paragraph.Append(paragraph.Length > 0 ? "\n" : string.Empty).Append(line.TrimEnd());
            }
        }

        Flush();

        void Flush()
        {
            if (paragraph.Length > 0)
            {
                sections.Add(new DocumentSection(paragraph.ToString(), null, []));
                paragraph.Clear();
            }
        }
    }
}
