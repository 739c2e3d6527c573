using System.Text;

namespace RagApp.Core.Documents;

/// <summary>Tells formats apart by their first bytes (magic numbers), not by their extension.</summary>
public static class ContentSniffer
{
    /// <summary>How many leading bytes <see cref="Sniff"/> looks at.</summary>
    public const int HeaderLength = 4096;

    /// <summary>What <paramref name="header"/> (a file's first bytes, up to <see cref="HeaderLength"/>) says the file is.</summary>
    public static ContentKind Sniff(ReadOnlySpan<byte> header)
    {
        if (header.IsEmpty)
        {
            return ContentKind.Empty;
        }

        if (header.StartsWith("PK\x03\x04"u8))
        {
            return SniffZip(header);
        }

        if (header.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
        {
            return ContentKind.OleCompound;
        }

        var wide = TextEncodingDetector.DetectFromHeader(header);
        var text = wide is null || wide.CodePage == Encoding.UTF8.CodePage
            ? Encoding.Latin1.GetString(header[..Math.Min(header.Length, 1024)])
            : DecodeWide(wide, header);
        var start = text.TrimStart('\uFEFF', '\u00EF', '\u00BB', '\u00BF', ' ', '\t', '\r', '\n');

        if (start.StartsWith("%PDF-", StringComparison.Ordinal))
        {
            return ContentKind.Pdf;
        }

        if (LooksLikeHtml(start))
        {
            return ContentKind.Html;
        }

        return wide is null && TextEncodingDetector.LooksBinary(header) ? ContentKind.Binary : ContentKind.Text;
    }

    private static ContentKind SniffZip(ReadOnlySpan<byte> header)
    {
        if (header.IndexOf("word/"u8) >= 0)
        {
            return ContentKind.Docx;
        }

        if (header.IndexOf("ppt/"u8) >= 0)
        {
            return ContentKind.Pptx;
        }

        return header.IndexOf("[Content_Types].xml"u8) >= 0 ? ContentKind.OfficeZip : ContentKind.Zip;
    }

    private static string DecodeWide(Encoding encoding, ReadOnlySpan<byte> header)
    {
        var length = Math.Min(header.Length, 2048);
        length -= length % 4;
        return encoding.GetString(header[..length]);
    }

    private static bool LooksLikeHtml(string start)
    {
        if (start.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase)
            || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // An XML declaration or a comment may come first.
        return (start.StartsWith("<?xml", StringComparison.Ordinal) || start.StartsWith("<!--", StringComparison.Ordinal))
            && start.Contains("<html", StringComparison.OrdinalIgnoreCase);
    }
}
