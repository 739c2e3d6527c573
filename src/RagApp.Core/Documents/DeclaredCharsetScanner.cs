using System.Buffers;
using System.Text;

namespace RagApp.Core.Documents;

/// <summary>
/// Finds the character sets an HTML or XHTML file declares in its first 1024 bytes, before anything is decoded, as browsers
/// do (the WHATWG encoding prescan): the <c>encoding</c> of a leading XML declaration, then every
/// <c>&lt;meta charset="..."&gt;</c> and <c>&lt;meta http-equiv="Content-Type" content="...; charset=..."&gt;</c>,
/// skipping comments and the attributes of other tags.
/// </summary>
public static class DeclaredCharsetScanner
{
    /// <summary>How many leading bytes are searched for a declaration.</summary>
    public const int PrescanLength = 1024;

    private static readonly SearchValues<char> s_contentCharsetEnd = SearchValues.Create(" \t\n\f\r;");
    private static readonly SearchValues<byte> s_tagNameEnd = SearchValues.Create("\t\n\f\r >"u8);

    /// <summary>
    /// The declared charset labels in document order, lower-cased and trimmed, not yet checked against known encodings:
    /// the caller takes the first it knows, as a browser moves on past a meta tag naming an unknown charset.
    /// </summary>
    public static IReadOnlyList<string> Scan(ReadOnlySpan<byte> header)
    {
        header = header[..Math.Min(header.Length, PrescanLength)];
        var labels = new List<string>();
        if (XmlDeclarationEncoding(header) is { } xml)
        {
            labels.Add(xml);
        }

        var position = 0;
        while (position < header.Length)
        {
            var rest = header[position..];
            if (rest.StartsWith("<!--"u8))
            {
                // The closing "-->" may share its dashes with the opening one: "<!-->" is a whole comment.
                var end = rest[2..].IndexOf("-->"u8);
                position = end < 0 ? header.Length : position + 2 + end + 3;
            }
            else if (IsMetaStart(rest))
            {
                var reader = new HtmlAttributeReader(header, position + 5);
                if (MetaCharset(ref reader) is { } label)
                {
                    labels.Add(label);
                }

                position = reader.Position + 1;
            }
            else if (IsTagStart(rest))
            {
                position = SkipTag(header, position);
            }
            else if (rest.Length > 1 && rest[0] == (byte)'<' && rest[1] is (byte)'!' or (byte)'/' or (byte)'?')
            {
                var end = rest.IndexOf((byte)'>');
                position = end < 0 ? header.Length : position + end + 1;
            }
            else
            {
                position++;
            }
        }

        return labels;
    }

    /// <summary>The charset of a <c>content</c> value such as <c>text/html; charset=shift_jis</c>; null when it names none.</summary>
    internal static string? CharsetFromContent(string content)
    {
        var position = 0;
        while (true)
        {
            var index = content.IndexOf("charset", position, StringComparison.OrdinalIgnoreCase);
            if (index < 0)
            {
                return null;
            }

            position = SkipWhitespace(content, index + "charset".Length);
            if (position >= content.Length || content[position] != '=')
            {
                continue;
            }

            position = SkipWhitespace(content, position + 1);
            if (position >= content.Length)
            {
                return null;
            }

            if (content[position] is '"' or '\'')
            {
                var close = content.IndexOf(content[position], position + 1);
                return close < 0 ? null : content[(position + 1)..close];
            }

            var stop = content.AsSpan(position).IndexOfAny(s_contentCharsetEnd);
            return stop < 0 ? content[position..] : content.Substring(position, stop);
        }
    }

    private static string? MetaCharset(ref HtmlAttributeReader reader)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var gotPragma = false;
        bool? needPragma = null;
        string? charset = null;
        while (reader.TryRead(out var name, out var value))
        {
            if (!seen.Add(name))
            {
                continue;
            }

            if (name == "http-equiv")
            {
                gotPragma |= value == "content-type";
            }
            else if (name == "content" && charset is null && CharsetFromContent(value) is { } fromContent)
            {
                charset = fromContent;
                needPragma = true;
            }
            else if (name == "charset")
            {
                charset = value;
                needPragma = false;
            }
        }

        // A content="...charset=..." only counts beside http-equiv="Content-Type"; a tag cut off by the limit counts not at all.
        if (reader.Truncated || needPragma is null || (needPragma == true && !gotPragma))
        {
            return null;
        }

        return charset?.Trim(' ', '\t', '\n', '\f', '\r') is { Length: > 0 } label ? label : null;
    }

    private static string? XmlDeclarationEncoding(ReadOnlySpan<byte> header)
    {
        if (!header.StartsWith("<?xml"u8) || header.Length < 6 || !HtmlAttributeReader.IsWhitespace(header[5]))
        {
            return null;
        }

        var end = header.IndexOf("?>"u8);
        if (end < 0)
        {
            return null;
        }

        var reader = new HtmlAttributeReader(header[..end], 5);
        while (reader.TryRead(out var name, out var value))
        {
            if (name == "encoding")
            {
                return value.Trim() is { Length: > 0 } label ? label : null;
            }
        }

        return null;
    }

    private static bool IsMetaStart(ReadOnlySpan<byte> rest) =>
        rest.Length > 5
        && rest[0] == (byte)'<'
        && Ascii.EqualsIgnoreCase(rest[1..5], "meta"u8)
        && (HtmlAttributeReader.IsWhitespace(rest[5]) || rest[5] == (byte)'/');

    private static bool IsTagStart(ReadOnlySpan<byte> rest)
    {
        if (rest.Length < 2 || rest[0] != (byte)'<')
        {
            return false;
        }

        var next = rest[1] == (byte)'/' && rest.Length > 2 ? rest[2] : rest[1];
        return char.IsAsciiLetter((char)next);
    }

    /// <summary>Past the tag at <paramref name="position"/>, reading its attributes so a <c>&gt;</c> inside quotes does not end it.</summary>
    private static int SkipTag(ReadOnlySpan<byte> header, int position)
    {
        var end = header[position..].IndexOfAny(s_tagNameEnd);
        if (end < 0)
        {
            return header.Length;
        }

        var reader = new HtmlAttributeReader(header, position + end);
        while (reader.TryRead(out _, out _))
        {
        }

        return reader.Position + 1;
    }

    private static int SkipWhitespace(string text, int position)
    {
        while (position < text.Length && text[position] is ' ' or '\t' or '\n' or '\f' or '\r')
        {
            position++;
        }

        return position;
    }
}
