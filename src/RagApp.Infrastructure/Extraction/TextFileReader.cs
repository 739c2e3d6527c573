using System.Buffers;
using System.Text;
using RagApp.Core.Documents;

namespace RagApp.Infrastructure.Extraction;

/// <summary>
/// Opens a text stream in its own encoding: a byte order mark or UTF-16 zero pattern decides, else a charset the caller
/// finds declared in the first bytes (HTML's meta tag), else UTF-8 when every byte is valid UTF-8, else Windows-1252
/// (a superset of the printable Latin-1). Binary content is refused.
/// </summary>
internal static class TextFileReader
{
    private const int BufferSize = 64 * 1024;

    public static Task<StreamReader> OpenAsync(Stream content, string path, CancellationToken cancellationToken) =>
        OpenAsync(content, path, declaredEncoding: null, cancellationToken);

    /// <summary>Like the plain overload, with <paramref name="declaredEncoding"/> reading the encoding a format declares in its first bytes (null when none).</summary>
    public static async Task<StreamReader> OpenAsync(
        Stream content, string path, Func<ReadOnlyMemory<byte>, Encoding?>? declaredEncoding, CancellationToken cancellationToken)
    {
        content.Seek(0, SeekOrigin.Begin);
        var header = new byte[ContentSniffer.HeaderLength];
        var length = await content.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
        var encoding = TextEncodingDetector.DetectFromHeader(header.AsSpan(0, length));
        if (encoding is null)
        {
            if (TextEncodingDetector.LooksBinary(header.AsSpan(0, length)))
            {
                throw new DocumentExtractionException(path, "binary content, not text");
            }

            // A declared charset spares the pass over the whole file that telling UTF-8 from Windows-1252 needs.
            encoding = declaredEncoding?.Invoke(header.AsMemory(0, length));
            if (encoding is null)
            {
                content.Seek(0, SeekOrigin.Begin);
                encoding = await IsValidUtf8Async(content, cancellationToken) ? new UTF8Encoding(false) : Windows1252Encoding.Instance;
            }
        }

        content.Seek(0, SeekOrigin.Begin);
        return new StreamReader(content, encoding, detectEncodingFromByteOrderMarks: true, BufferSize, leaveOpen: true);
    }

    public static Task<string> ReadAllAsync(Stream content, string path, CancellationToken cancellationToken) =>
        ReadAllAsync(content, path, declaredEncoding: null, cancellationToken);

    public static async Task<string> ReadAllAsync(
        Stream content, string path, Func<ReadOnlyMemory<byte>, Encoding?>? declaredEncoding, CancellationToken cancellationToken)
    {
        using var reader = await OpenAsync(content, path, declaredEncoding, cancellationToken);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    /// <summary>Streams through the bytes once so a large file is never held whole just to pick its encoding.</summary>
    private static async Task<bool> IsValidUtf8Async(Stream content, CancellationToken cancellationToken)
    {
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                decoder.GetCharCount(buffer, 0, read, flush: false);
            }

            decoder.GetCharCount([], 0, 0, flush: true);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
