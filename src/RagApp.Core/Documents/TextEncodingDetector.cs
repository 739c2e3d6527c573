using System.Text;

namespace RagApp.Core.Documents;

/// <summary>Guesses a text file's encoding from its first bytes: byte order marks, UTF-16 zero patterns, binary content.</summary>
public static class TextEncodingDetector
{
    private const double BinaryControlShare = 0.10;

    /// <summary>
    /// The encoding a byte order mark or a UTF-16 zero pattern proves; null when the bytes are 8-bit text whose
    /// encoding (UTF-8 or Latin-1) needs the whole file to decide.
    /// </summary>
    public static Encoding? DetectFromHeader(ReadOnlySpan<byte> header)
    {
        if (header.StartsWith("\xEF\xBB\xBF"u8))
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        }

        if (header.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
        {
            return new UTF32Encoding(bigEndian: false, byteOrderMark: true);
        }

        if (header.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            return new UTF32Encoding(bigEndian: true, byteOrderMark: true);
        }

        if (header.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode;
        }

        if (header.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode;
        }

        return DetectUtf16WithoutBom(header);
    }

    /// <summary>True when 8-bit bytes (no UTF-16/32 BOM or pattern) hold NUL bytes or more than 10% control characters.</summary>
    public static bool LooksBinary(ReadOnlySpan<byte> header)
    {
        if (header.StartsWith("\xEF\xBB\xBF"u8))
        {
            header = header[3..];
        }

        if (header.IsEmpty)
        {
            return false;
        }

        var controls = 0;
        foreach (var b in header)
        {
            if (b == 0)
            {
                return true;
            }

            // Tab, line feed, vertical tab, form feed, carriage return and escape occur in real text files.
            if (b < 0x20 && b is not (0x09 or 0x0A or 0x0B or 0x0C or 0x0D or 0x1B))
            {
                controls++;
            }
        }

        return controls > header.Length * BinaryControlShare;
    }

    /// <summary>True when <paramref name="header"/> is text in a UTF-16/32 encoding (BOM or zero pattern).</summary>
    public static bool IsWideText(ReadOnlySpan<byte> header) => DetectFromHeader(header) is { } e && e.CodePage != Encoding.UTF8.CodePage;

    private static Encoding? DetectUtf16WithoutBom(ReadOnlySpan<byte> header)
    {
        var pairs = header.Length / 2;
        if (pairs < 2)
        {
            return null;
        }

        int evenZeros = 0, oddZeros = 0;
        for (var i = 0; i < pairs * 2; i += 2)
        {
            if (header[i] == 0)
            {
                evenZeros++;
            }

            if (header[i + 1] == 0)
            {
                oddZeros++;
            }
        }

        // Mostly-ASCII UTF-16 has a zero in every other byte; binary files rarely keep that rhythm.
        if (oddZeros >= pairs * 0.4 && evenZeros <= pairs * 0.05)
        {
            return Encoding.Unicode;
        }

        if (evenZeros >= pairs * 0.4 && oddZeros <= pairs * 0.05)
        {
            return Encoding.BigEndianUnicode;
        }

        return null;
    }
}
