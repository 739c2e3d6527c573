namespace RagApp.Core.Documents;

/// <summary>
/// Picks the extractor for a file from its extension and its first bytes (the bytes win when the two disagree),
/// in registration order. Null means the file type is not supported.
/// </summary>
public sealed class ExtractorSelector
{
    private readonly IReadOnlyList<IDocumentExtractor> _extractors;

    public ExtractorSelector(IEnumerable<IDocumentExtractor> extractors)
    {
        ArgumentNullException.ThrowIfNull(extractors);
        _extractors = [.. extractors];
    }

    /// <summary>The reason ingestion lists an unsupported file under "skipped", e.g. <c>unsupported file type .xyz</c>.</summary>
    public static string UnsupportedReason(string path) =>
        Path.GetExtension(path) is { Length: > 0 } extension
            ? $"unsupported file type {extension.ToLowerInvariant()}"
            : "unsupported file type (no extension, not text)";

    /// <summary>The extractor for a file with this extension (any case, with the dot) and these first bytes; null when none reads it.</summary>
    public IDocumentExtractor? Select(string extension, ReadOnlySpan<byte> header)
    {
        ArgumentNullException.ThrowIfNull(extension);
        var normalized = extension.ToLowerInvariant();
        foreach (var extractor in _extractors)
        {
            if (extractor.CanExtract(normalized, header))
            {
                return extractor;
            }
        }

        return null;
    }

    /// <summary>Reads the first <see cref="ContentSniffer.HeaderLength"/> bytes of <paramref name="content"/>, rewinds it and selects.</summary>
    public async Task<IDocumentExtractor?> SelectAsync(Stream content, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var header = new byte[ContentSniffer.HeaderLength];
        var length = await content.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
        content.Seek(0, SeekOrigin.Begin);
        return Select(Path.GetExtension(path), header.AsSpan(0, length));
    }

    /// <summary>
    /// Opens the file, selects its extractor and extracts it. Null when the type is unsupported (see <see cref="UnsupportedReason"/>);
    /// a document without sections for an empty file. Throws <see cref="DocumentExtractionException"/> when the file cannot be read.
    /// </summary>
    public async Task<ExtractedDocument?> ExtractAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DocumentExtractionException(path, $"cannot open file: {ex.Message}", ex);
        }

        await using (stream)
        {
            try
            {
                var extractor = await SelectAsync(stream, path, cancellationToken);
                return extractor is null ? null : await extractor.ExtractAsync(stream, path, cancellationToken);
            }
            catch (IOException ex)
            {
                throw new DocumentExtractionException(path, $"cannot read file: {ex.Message}", ex);
            }
        }
    }
}
