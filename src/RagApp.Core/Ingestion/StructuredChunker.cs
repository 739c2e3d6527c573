using System.Text;
using Microsoft.Extensions.Options;
using RagApp.Core.Documents;
using RagApp.Core.Embeddings;
using RagApp.Core.Options;

namespace RagApp.Core.Ingestion;

/// <summary>
/// Cuts documents at headings, then paragraphs, then sentences, then words, so that every chunk's
/// <see cref="DocumentChunk.EmbeddingText"/> (title and heading path, then the text) fits the encoder's window.
/// Boundaries depend only on nearby text: a chunk closes when the next paragraph would not fit, or at a paragraph whose
/// content hash marks it as an anchor, so an edit changes the chunks around it and not every chunk after it.
/// </summary>
public sealed class StructuredChunker : IDocumentChunker
{
    private const int DefaultTargetTokens = 256;
    private const int MaxPrefixTokens = 48;
    private const int AnchorModulus = 4;

    private readonly IEncoderInfo _encoder;
    private readonly IngestionOptions _options;
    private readonly ChunkUnitSplitter _splitter;

    public StructuredChunker(IEncoderInfo encoder, IOptions<IngestionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(options);
        _encoder = encoder;
        _options = options.Value;
        _splitter = new ChunkUnitSplitter(encoder);
    }

    /// <inheritdoc/>
    public IReadOnlyList<DocumentChunk> Chunk(ExtractedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var window = _encoder.MaxPassageTokens;
        var target = _options.ChunkTokens > 0 ? Math.Min(_options.ChunkTokens, window) : Math.Min(window, DefaultTargetTokens);
        var chunks = new List<DocumentChunk>();
        foreach (var run in SectionRun.From(document.Sections))
        {
            var prefix = Prefix(document.Title, run.HeadingPath, Math.Min(MaxPrefixTokens, window / 4));
            var budget = Math.Max(1, target - _encoder.CountTokens(prefix));
            var units = run.Paragraphs.SelectMany(p => _splitter.Split(p.Text, p.Page, budget));
            foreach (var (text, pages) in Pack(units, budget))
            {
                Emit(chunks, prefix, text, pages, run.HeadingPath, window);
            }
        }

        return chunks;
    }

    private IEnumerable<(string Text, List<int?> Pages)> Pack(IEnumerable<ChunkUnit> units, int budget)
    {
        var overlapLimit = Math.Min(_options.OverlapTokens, budget / 4);
        var current = new List<ChunkUnit>();
        var tokens = 0;
        var hasNewText = false;
        foreach (var unit in units)
        {
            if (hasNewText && (tokens + unit.Tokens > budget || IsAnchor(unit, tokens, budget)))
            {
                yield return Join(current);
                var overlap = overlapLimit > 0 ? Overlap(current, overlapLimit) : null;
                current.Clear();
                tokens = 0;
                hasNewText = false;
                if (overlap is { } o && o.Tokens + unit.Tokens <= budget)
                {
                    current.Add(o);
                    tokens = o.Tokens;
                }
            }

            current.Add(unit);
            tokens += unit.Tokens;
            hasNewText = true;
        }

        if (hasNewText)
        {
            yield return Join(current);
        }
    }

    private static bool IsAnchor(ChunkUnit unit, int tokens, int budget) =>
        unit.StartsParagraph && tokens >= budget / 2 && StableHash(unit.Text) % AnchorModulus == 0;

    /// <summary>The last words of a chunk, at most <paramref name="limit"/> tokens, to repeat at the start of the next.</summary>
    private ChunkUnit? Overlap(List<ChunkUnit> chunk, int limit)
    {
        var last = chunk[^1];
        var words = last.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var tokens = 0;
        var start = words.Length;
        while (start > 0)
        {
            var count = _encoder.CountTokens(words[start - 1]);
            if (tokens + count > limit)
            {
                break;
            }

            tokens += count;
            start--;
        }

        if (start == words.Length)
        {
            return null;
        }

        var text = string.Join(' ', words[start..]);
        return new ChunkUnit(text, _encoder.CountTokens(text), last.Page, StartsParagraph: true);
    }

    private static (string Text, List<int?> Pages) Join(List<ChunkUnit> units)
    {
        var builder = new StringBuilder();
        foreach (var unit in units)
        {
            if (builder.Length > 0)
            {
                builder.Append(unit.StartsParagraph ? "\n\n" : " ");
            }

            builder.Append(unit.Text);
        }

        return (builder.ToString(), units.Select(u => u.Page).ToList());
    }

    private void Emit(List<DocumentChunk> chunks, string prefix, string text, List<int?> pages, IReadOnlyList<string> headingPath, int window)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        var embeddingText = prefix.Length > 0 ? $"{prefix}\n\n{text}" : text;
        if (_encoder.CountTokens(embeddingText) > window && text.Length > 1)
        {
            // Safety net for tokenizers that count joined text differently from its parts.
            var cut = text.LastIndexOf(' ', text.Length / 2) is var space and > 0 ? space : text.Length / 2;
            Emit(chunks, prefix, text[..cut].TrimEnd(), pages, headingPath, window);
            Emit(chunks, prefix, text[cut..].TrimStart(), pages, headingPath, window);
            return;
        }

        var known = pages.Where(p => p.HasValue).Select(p => p!.Value).ToList();
        int? first = known.Count > 0 ? known.Min() : null;
        int? last = known.Count > 0 ? known.Max() : null;
        chunks.Add(new DocumentChunk(chunks.Count, text, embeddingText, first, last, headingPath));
    }

    private string Prefix(string title, IReadOnlyList<string> headingPath, int cap)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(title))
        {
            parts.Add(title.Trim());
        }

        foreach (var heading in headingPath)
        {
            if (!string.IsNullOrWhiteSpace(heading) && !(parts.Count == 1 && parts[0].Equals(heading.Trim(), StringComparison.OrdinalIgnoreCase)))
            {
                parts.Add(heading.Trim());
            }
        }

        var prefix = cap > 0 ? string.Join(" > ", parts) : string.Empty;
        if (prefix.Length == 0 || _encoder.CountTokens(prefix) <= cap)
        {
            return prefix;
        }

        var fitted = _splitter.SplitWords(prefix, cap);
        return fitted.Count > 0 ? fitted[0].Text : string.Empty;
    }

    /// <summary>FNV-1a over the text: stable across processes, unlike <see cref="string.GetHashCode()"/>.</summary>
    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
