using System.IO.Compression;
using System.Text;

namespace RagApp.Core.Evaluation;

/// <summary>Opens a text file for reading, decompressing it when it is gzip (by the <c>.gz</c> extension or the gzip magic bytes).</summary>
internal static class CompressedText
{
    public static StreamReader OpenReader(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        try
        {
            Span<byte> magic = stackalloc byte[2];
            var read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            file.Position = 0;
            var isGzip = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) || (read == 2 && magic[0] == 0x1f && magic[1] == 0x8b);
            Stream stream = isGzip ? new GZipStream(file, CompressionMode.Decompress) : file;
            return new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The file's non-blank lines with their 1-based line numbers.</summary>
    public static IEnumerable<(int Number, string Line)> ReadLines(string path)
    {
        using var reader = OpenReader(path);
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return (number, line);
            }
        }
    }
}
