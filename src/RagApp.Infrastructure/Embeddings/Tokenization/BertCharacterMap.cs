using System.Globalization;
using System.Text;

namespace RagApp.Infrastructure.Embeddings.Tokenization;

/// <summary>
/// Lower-casing and accent stripping of one code point as Hugging Face's uncased BERT normaliser does it
/// (<c>lower()</c>, NFD, drop non-spacing marks). String normalisation is a no-op under InvariantGlobalization, so the
/// decompositions come from a generated table (<see cref="BertCharacterTable"/>) and the Hangul algorithm.
/// </summary>
internal static class BertCharacterMap
{
    private const int HangulFirst = 0xAC00;
    private const int HangulLast = 0xD7A3;

    // Indexed by BMP code point: null when the simple lower-case mapping applies.
    private static readonly string?[] s_bmp = new string?[0x10000];
    private static readonly Dictionary<int, string> s_astral = [];

    static BertCharacterMap()
    {
        var codePoints = BertCharacterTable.CodePoints;
        var ends = BertCharacterTable.Ends;
        var start = 0;
        for (var i = 0; i < codePoints.Length; i++)
        {
            var text = BertCharacterTable.Mapped[start..ends[i]];
            start = ends[i];
            if (codePoints[i] < 0x10000)
            {
                s_bmp[codePoints[i]] = text;
            }
            else
            {
                s_astral[codePoints[i]] = text;
            }
        }

        for (var cp = HangulFirst; cp <= HangulLast; cp++)
        {
            s_bmp[cp] = DecomposeHangul(cp);
        }
    }

    /// <summary>
    /// The mapped text of <paramref name="codePoint"/> when it differs from one lower-cased char;
    /// otherwise null and <paramref name="lower"/> holds the simple lower-case mapping.
    /// </summary>
    public static string? Map(int codePoint, out Rune lower)
    {
        if (codePoint < 0x10000)
        {
            var mapped = s_bmp[codePoint];
            lower = mapped is null ? new Rune(char.ToLowerInvariant((char)codePoint)) : default;
            return mapped;
        }

        if (s_astral.TryGetValue(codePoint, out var text))
        {
            lower = default;
            return text;
        }

        lower = Rune.ToLowerInvariant(new Rune(codePoint));
        return null;
    }

    /// <summary>HF's punctuation: every ASCII non-alphanumeric printable char, plus Unicode P* categories.</summary>
    public static bool IsPunctuation(int codePoint) =>
        codePoint is (>= 33 and <= 47) or (>= 58 and <= 64) or (>= 91 and <= 96) or (>= 123 and <= 126)
        || (codePoint >= 0x80 && CharUnicodeInfo.GetUnicodeCategory(codePoint) is UnicodeCategory.ConnectorPunctuation
            or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation
            or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation);

    /// <summary>CJK ideographs, which BERT splits into one token each (the blocks BERT's tokenizer lists).</summary>
    public static bool IsCjk(int codePoint) =>
        codePoint is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2A6DF)
            or (>= 0x2A700 and <= 0x2B73F) or (>= 0x2B740 and <= 0x2B81F) or (>= 0x2B820 and <= 0x2CEAF)
            or (>= 0xF900 and <= 0xFAFF) or (>= 0x2F800 and <= 0x2FA1F);

    private static string DecomposeHangul(int codePoint)
    {
        // Unicode 3.12: a precomposed syllable is leading consonant + vowel (+ trailing consonant).
        var index = codePoint - HangulFirst;
        var leading = (char)(0x1100 + (index / 588));
        var vowel = (char)(0x1161 + (index % 588 / 28));
        var trailing = index % 28;
        return trailing == 0
            ? string.Concat(leading.ToString(), vowel.ToString())
            : string.Concat(leading.ToString(), vowel.ToString(), ((char)(0x11A7 + trailing)).ToString());
    }
}
