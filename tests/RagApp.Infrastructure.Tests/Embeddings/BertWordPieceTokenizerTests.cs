using Xunit;
using RagApp.Infrastructure.Embeddings;
using RagApp.Infrastructure.Embeddings.Tokenization;

namespace RagApp.Infrastructure.Tests.Embeddings;

public sealed class BertWordPieceTokenizerTests(MiniLmFixture fixture) : IClassFixture<MiniLmFixture>
{
    private const int Cls = 101;
    private const int Sep = 102;
    private const int Unknown = 100;

    private readonly BertWordPieceTokenizer _tokenizer = fixture.Generator.Tokenizer;

    [Fact]
    public void EncodeForModel_EmptyText_ReturnsClsSep()
    {
        Assert.Equal([Cls, Sep], _tokenizer.EncodeForModel(string.Empty, 256));
        Assert.Equal([Cls, Sep], _tokenizer.EncodeForModel(" \t\r\n\u0000\u00A0 ", 256));
    }

    [Fact]
    public void EncodeForModel_Accents_StrippedAndLowerCased()
    {
        Assert.Equal(_tokenizer.EncodeForModel("cafe naive resume", 256), _tokenizer.EncodeForModel("CAFÉ Naïve RÉSUMÉ", 256));
        Assert.Equal(_tokenizer.EncodeForModel("ελλαδα", 256), _tokenizer.EncodeForModel("Ελλάδα", 256));
    }

    [Fact]
    public void EncodeForModel_Cjk_OneTokenPerIdeograph()
    {
        var joined = _tokenizer.EncodeForModel("東京大学", 256);
        var spaced = _tokenizer.EncodeForModel("東 京 大 学", 256);

        Assert.Equal(6, joined.Length);
        Assert.Equal(spaced, joined);
        Assert.DoesNotContain(Unknown, joined);
    }

    [Fact]
    public void EncodeForModel_Hangul_DecomposedLikeNfd()
    {
        // BERT's accent stripping runs NFD, which splits Hangul syllables into jamo; 한 is 3 jamo, 가 is 2.
        var syllables = _tokenizer.EncodeForModel("한가", 256);
        var jamo = _tokenizer.EncodeForModel("\u1112\u1161\u11AB\u1100\u1161", 256);

        Assert.Equal(jamo, syllables);
    }

    [Fact]
    public void EncodeForModel_AsciiSymbols_EachIsItsOwnToken()
    {
        var symbols = "a_b=c+d<e>f$g^h`i|j~k";

        var ids = _tokenizer.EncodeForModel(symbols, 256);
        var spaced = _tokenizer.EncodeForModel(string.Join(' ', symbols.ToCharArray()), 256);

        Assert.Equal(2 + symbols.Length, ids.Length);
        Assert.Equal(spaced, ids);
    }

    [Fact]
    public void EncodeForModel_ControlCharacters_Dropped()
    {
        Assert.Equal(_tokenizer.EncodeForModel("hello", 256), _tokenizer.EncodeForModel("hel\u0000lo\uFFFD\u200B", 256));
    }

    [Fact]
    public void EncodeForModel_TextLongerThanWindow_CutToWindowEndingWithSep()
    {
        var text = string.Join(' ', Enumerable.Repeat("the quick brown fox jumps over the lazy dog", 200));

        var ids = _tokenizer.EncodeForModel(text, 256);

        Assert.Equal(256, ids.Length);
        Assert.Equal(Cls, ids[0]);
        Assert.Equal(Sep, ids[^1]);
        Assert.Equal(9 * 200, _tokenizer.CountPieces(text));
    }

    [Fact]
    public void EncodeForModel_WordOver100Chars_IsUnknown()
    {
        Assert.Equal([Cls, Unknown, Sep], _tokenizer.EncodeForModel(new string('a', 101), 256));
        Assert.DoesNotContain(Unknown, _tokenizer.EncodeForModel(new string('a', 100), 256));
    }

    [Fact]
    public void EncodeForModel_WordWithUnknownPiece_WholeWordIsUnknown()
    {
        // '☃' is a symbol (not punctuation), so "ab☃cd" stays one word, and WordPiece cannot cover it.
        Assert.Equal([Cls, Unknown, Sep], _tokenizer.EncodeForModel("ab\u2603cd", 256));
    }

    [Fact]
    public void EncodeForModel_Subwords_UseContinuationPieces()
    {
        var ids = _tokenizer.EncodeForModel("tokenization", 256);

        Assert.Equal(4, ids.Length); // [CLS] token ##ization [SEP]
    }

    [Fact]
    public void FromVocabulary_CrlfLineEnds_SameIds()
    {
        var vocabulary = "[PAD]\r\n[UNK]\r\n[CLS]\r\n[SEP]\r\nhello\r\nworld\r\n##s\r\n"u8.ToArray();
        using var stream = new MemoryStream(vocabulary);

        var tokenizer = BertWordPieceTokenizer.FromVocabulary(stream);

        Assert.Equal([2, 4, 5, 6, 1, 3], tokenizer.EncodeForModel("Hello worlds xyz", 16));
    }

    [Fact]
    public void FromVocabulary_SpecialTokensAnywhere_IdsAreTheirLineNumbers()
    {
        var vocabulary = "hello\n[UNK]\n[SEP]\n[PAD]\n[CLS]\n"u8.ToArray();
        using var stream = new MemoryStream(vocabulary);

        var tokenizer = BertWordPieceTokenizer.FromVocabulary(stream);

        Assert.Equal((4, 2, 3, 1), (tokenizer.ClsId, tokenizer.SepId, tokenizer.PadId, tokenizer.UnknownId));
        Assert.Equal([4, 0, 1, 2], tokenizer.EncodeForModel("hello xyz", 16));
    }

    [Fact]
    public void FromVocabulary_NoSepToken_SaysWhichTokenIsMissing()
    {
        using var stream = new MemoryStream("[PAD]\n[UNK]\n[CLS]\nhello\n"u8.ToArray());

        var ex = Assert.Throws<InvalidDataException>(() => BertWordPieceTokenizer.FromVocabulary(stream));

        Assert.Contains("[SEP]", ex.Message, StringComparison.Ordinal);
    }
}
