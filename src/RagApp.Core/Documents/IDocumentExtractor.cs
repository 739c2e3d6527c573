namespace RagApp.Core.Documents;

/// <summary>Reads the text of one file format.</summary>
public interface IDocumentExtractor
{
    /// <summary>Short format name, e.g. <c>pdf</c>.</summary>
    string Format { get; }

    /// <summary>
    /// True when this extractor reads a file with this extension (lower case, with the dot) and these first bytes
    /// (up to 4 KiB; content sniffing decides when the two disagree).
    /// </summary>
    bool CanExtract(string extension, ReadOnlySpan<byte> header);

    /// <summary>Extracts the text. Throws <see cref="DocumentExtractionException"/> with the cause when the file cannot be read.</summary>
    /// <param name="content">The file's bytes, readable and seekable.</param>
    /// <param name="path">The file's path, for titles and error messages.</param>
    /// <param name="cancellationToken">Cancels the extraction.</param>
    Task<ExtractedDocument> ExtractAsync(Stream content, string path, CancellationToken cancellationToken = default);
}
