using System.Collections.Frozen;
using System.Text;
using RagApp.Core.Documents;

namespace RagApp.Infrastructure.Extraction;

/// <summary>
/// Turns the charset an HTML page declares into a .NET encoding, with the legacy code pages (Shift_JIS, EUC-JP, GBK, Big5,
/// EUC-KR, KOI8-R, windows-125x, ISO-8859-x) from the provider built into .NET, and the WHATWG label rules browsers follow.
/// </summary>
internal static class DeclaredEncoding
{
    // The labels WHATWG decodes as windows-1252, ISO-8859-1 and US-ASCII among them, because pages that declare those
    // use the 0x80-0x9F quotes and dashes; x-user-defined is read as windows-1252 by the prescan too.
    private static readonly FrozenSet<string> s_windows1252Labels = FrozenSet.Create(
        StringComparer.Ordinal,
        "ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100", "iso8859-1",
        "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "us-ascii", "windows-1252", "x-cp1252", "x-user-defined");

    // WHATWG labels .NET does not know, or that WHATWG decodes with a superset: EUC-KR as Windows-949 (UHC),
    // GB2312 as GBK, ISO-8859-9 as Windows-1254, Big5 with the HKSCS labels as Windows-950.
    private static readonly FrozenDictionary<string, int> s_codePages = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["csshiftjis"] = 932, ["ms932"] = 932, ["shift-jis"] = 932, ["windows-31j"] = 932,
        ["chinese"] = 936, ["csgb2312"] = 936, ["csiso58gb231280"] = 936, ["gb2312"] = 936, ["gb_2312"] = 936,
        ["gb_2312-80"] = 936, ["gbk"] = 936, ["iso-ir-58"] = 936, ["x-gbk"] = 936,
        ["cseuckr"] = 949, ["csksc56011987"] = 949, ["euc-kr"] = 949, ["iso-ir-149"] = 949, ["korean"] = 949,
        ["ks_c_5601-1987"] = 949, ["ks_c_5601-1989"] = 949, ["ksc5601"] = 949, ["ksc_5601"] = 949, ["windows-949"] = 949,
        ["big5"] = 950, ["big5-hkscs"] = 950, ["cn-big5"] = 950, ["csbig5"] = 950, ["x-x-big5"] = 950,
        ["csisolatin5"] = 1254, ["iso-8859-9"] = 1254, ["iso-ir-148"] = 1254, ["iso8859-9"] = 1254, ["iso88599"] = 1254,
        ["iso_8859-9"] = 1254, ["iso_8859-9:1989"] = 1254, ["l5"] = 1254, ["latin5"] = 1254,
        ["koi8-ru"] = 21866,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly Lazy<bool> s_codePagesRegistered = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return true;
    });

    /// <summary>
    /// The encoding the first known charset declared in <paramref name="header"/> names; null when none is declared or known,
    /// or when it is UTF-8, so that the usual detection decides (and a page mislabelled UTF-8 still falls back to windows-1252).
    /// </summary>
    public static Encoding? FromHeader(ReadOnlyMemory<byte> header)
    {
        foreach (var label in DeclaredCharsetScanner.Scan(header.Span))
        {
            if (Resolve(label) is { } encoding)
            {
                return encoding.CodePage == Encoding.UTF8.CodePage ? null : encoding;
            }
        }

        return null;
    }

    /// <summary>The encoding a charset label names; null when .NET does not know it or it cannot be what ASCII bytes declared.</summary>
    public static Encoding? Resolve(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        label = label.Trim().ToLowerInvariant();
        if (s_windows1252Labels.Contains(label))
        {
            return Windows1252Encoding.Instance;
        }

        _ = s_codePagesRegistered.Value;
        Encoding encoding;
        try
        {
            encoding = s_codePages.TryGetValue(label, out var codePage) ? Encoding.GetEncoding(codePage) : Encoding.GetEncoding(label);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            return null;
        }

        // A declaration read as ASCII bytes cannot name UTF-16, UTF-32 or EBCDIC; WHATWG ignores such a label.
        return IsAsciiCompatible(encoding) ? encoding : null;
    }

    private static bool IsAsciiCompatible(Encoding encoding) =>
        encoding.GetString("<meta charset=\"Az09\">"u8) == "<meta charset=\"Az09\">";
}
