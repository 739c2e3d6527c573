using System.Text;

namespace RagApp.Infrastructure.Extraction;

/// <summary>
/// Windows-1252, the usual encoding of non-UTF-8 text files, which invariant globalization does not provide without the
/// CodePages provider: Latin-1 except that bytes 0x80-0x9F hold typographic quotes, dashes, the euro sign and others.
/// </summary>
internal sealed class Windows1252Encoding : Encoding
{
    // Bytes 0x80-0x9F; the five undefined ones keep their Latin-1 (C1 control) value.
    private const string HighControls =
        "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F" +
        "\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178";

    public static Windows1252Encoding Instance { get; } = new();

    public override string WebName => "windows-1252";

    public override int GetByteCount(char[] chars, int index, int count) => count;

    public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex)
    {
        ArgumentNullException.ThrowIfNull(chars);
        ArgumentNullException.ThrowIfNull(bytes);
        for (var i = 0; i < charCount; i++)
        {
            var c = chars[charIndex + i];
            var high = HighControls.IndexOf(c, StringComparison.Ordinal);
            bytes[byteIndex + i] = high >= 0 ? (byte)(0x80 + high) : c <= 0xFF ? (byte)c : (byte)'?';
        }

        return charCount;
    }

    public override int GetCharCount(byte[] bytes, int index, int count) => count;

    public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(chars);
        for (var i = 0; i < byteCount; i++)
        {
            var b = bytes[byteIndex + i];
            chars[charIndex + i] = b is >= 0x80 and <= 0x9F ? HighControls[b - 0x80] : (char)b;
        }

        return byteCount;
    }

    public override int GetMaxByteCount(int charCount) => charCount;

    public override int GetMaxCharCount(int byteCount) => byteCount;
}
