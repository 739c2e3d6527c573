using AngleSharp.Html.Parser;
using RagApp.Core.Documents;

namespace RagApp.Infrastructure.Extraction;

/// <summary>
/// HTML with AngleSharp: the main content (<c>&lt;main&gt;</c>, else <c>&lt;article&gt;</c>, else the body) without scripts,
/// styles, navigation, headers, footers and asides; h1-h6 set the heading path; the title is <c>&lt;title&gt;</c>, else the first h1.
/// The bytes are decoded as a browser would: a byte order mark, else the charset a meta tag or XML declaration names in the
/// first 1024 bytes, else UTF-8 when valid, else Windows-1252.
/// </summary>
public sealed class HtmlExtractor : IDocumentExtractor
{
    private static readonly HashSet<string> s_extensions = [".html", ".htm", ".xhtml"];
    private const string Boilerplate = "script, style, noscript, template, nav, aside, iframe, svg, form, button";

    /// <inheritdoc/>
    public string Format => "html";

    /// <inheritdoc/>
    public bool CanExtract(string extension, ReadOnlySpan<byte> header)
    {
        var kind = ContentSniffer.Sniff(header);
        return kind == ContentKind.Html || (s_extensions.Contains(extension) && kind is ContentKind.Empty or ContentKind.Text or ContentKind.Binary);
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

        var html = await TextFileReader.ReadAllAsync(content, path, DeclaredEncoding.FromHeader, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        using var document = new HtmlParser().ParseDocument(html);
        foreach (var element in document.QuerySelectorAll(Boilerplate).ToList())
        {
            element.Remove();
        }

        // A page's own header and footer go; an article's header (its title, byline) stays.
        foreach (var element in document.QuerySelectorAll("header, footer").Where(e => e.ParentElement?.Closest("article, main") is null).ToList())
        {
            element.Remove();
        }

        var root = document.QuerySelector("main") ?? document.QuerySelector("article") ?? document.Body ?? document.DocumentElement;
        var walker = HtmlBlockWalker.Walk(root);
        var title = document.Title?.Trim() is { Length: > 0 } t ? t : walker.FirstHeading ?? ExtractionErrors.TitleFromPath(path);
        return new ExtractedDocument(title, Format, walker.Sections);
    }
}
