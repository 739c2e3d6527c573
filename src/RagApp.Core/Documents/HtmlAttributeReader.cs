using System.Text;

namespace RagApp.Core.Documents;

/// <summary>
/// Reads the attributes of a tag from raw bytes the way the WHATWG encoding prescan does ("get an attribute"): names and
/// values lower-cased, quoted or bare values, no entity decoding. Stops at <c>&gt;</c> or at the end of the bytes.
/// </summary>
internal ref struct HtmlAttributeReader(ReadOnlySpan<byte> bytes, int position)
{
    private readonly ReadOnlySpan<byte> _bytes = bytes;

    /// <summary>Where the next attribute starts; at <c>&gt;</c> once the tag has no more.</summary>
    public int Position { get; private set; } = position;

    /// <summary>True when the bytes ended inside the tag, so its attributes are incomplete.</summary>
    public readonly bool Truncated => Position >= _bytes.Length;

    public bool TryRead(out string name, out string value)
    {
        name = value = string.Empty;
        SkipWhile(static b => IsWhitespace(b) || b == (byte)'/');
        if (Truncated || _bytes[Position] == (byte)'>')
        {
            return false;
        }

        var text = new StringBuilder();
        while (!(_bytes[Position] == (byte)'=' && text.Length > 0))
        {
            var b = _bytes[Position];
            if (b is (byte)'/' or (byte)'>')
            {
                name = text.ToString();
                return true;
            }

            if (IsWhitespace(b))
            {
                SkipWhile(IsWhitespace);
                name = text.ToString();
                if (Truncated)
                {
                    return false;
                }

                if (_bytes[Position] != (byte)'=')
                {
                    return true;
                }

                break;
            }

            text.Append(Lower(b));
            if (!Advance())
            {
                return false;
            }
        }

        name = text.ToString();
        Position++;
        SkipWhile(IsWhitespace);
        return !Truncated && TryReadValue(out value);
    }

    private bool TryReadValue(out string value)
    {
        value = string.Empty;
        var text = new StringBuilder();
        var quote = _bytes[Position];
        if (quote is (byte)'"' or (byte)'\'')
        {
            while (Advance())
            {
                if (_bytes[Position] == quote)
                {
                    Position++;
                    value = text.ToString();
                    return true;
                }

                text.Append(Lower(_bytes[Position]));
            }

            return false;
        }

        while (!Truncated && !IsWhitespace(_bytes[Position]) && _bytes[Position] != (byte)'>')
        {
            text.Append(Lower(_bytes[Position]));
            Position++;
        }

        value = text.ToString();
        return !Truncated;
    }

    private bool Advance()
    {
        Position++;
        return !Truncated;
    }

    private void SkipWhile(Func<byte, bool> predicate)
    {
        while (!Truncated && predicate(_bytes[Position]))
        {
            Position++;
        }
    }

    internal static bool IsWhitespace(byte b) => b is 0x09 or 0x0A or 0x0C or 0x0D or 0x20;

    private static char Lower(byte b) => b is >= (byte)'A' and <= (byte)'Z' ? (char)(b + 0x20) : (char)b;
}
