using System.Text;
using RagApp.Core.Documents;
using RagApp.Infrastructure.Extraction;
using Xunit;

namespace RagApp.Infrastructure.Tests.Extraction;

public sealed class HtmlExtractorTests
{
    private const string Page = """
        <!DOCTYPE html>
        <html><head><title>Starter FAQ</title><style>p { color: red }</style><script>var menu = 1;</script></head>
        <body>
          <header>Site banner</header>
          <nav><a href="/">Home</a> <a href="/faq">FAQ</a></nav>
          <main>
            <article>
              <header><h1>Starter questions</h1></header>
              <p>Answers to   common
                 questions.</p>
              <h2>Feeding</h2>
              <p>Feed every <b>12 hours</b>.<br>Use a 1:5:5 ratio.</p>
              <ul><li>Flour</li><li>Water</li></ul>
              <h3>Table</h3>
              <table><tr><th>Ratio</th><th>Use</th></tr><tr><td>1:5:5</td><td>daily</td></tr></table>
              <aside>Related posts</aside>
            </article>
          </main>
          <footer>Copyright</footer>
        </body></html>
        """;

    // "日本語のテキスト", "简体中文的文本", "Русский текст", "한국어 텍스트" and "繁體中文的文字" as Python's codecs encode them.
    private static readonly (string Label, string Hex, string Text)[] s_legacyTexts =
    [
        ("Shift_JIS", "93FA967B8CEA82CC8365834C83588367", "日本語のテキスト"),
        ("EUC-JP", "C6FCCBDCB8ECA4CEA5C6A5ADA5B9A5C8", "日本語のテキスト"),
        ("GBK", "BCF2CCE5D6D0CEC4B5C4CEC4B1BE", "简体中文的文本"),
        ("gb2312", "BCF2CCE5D6D0CEC4B5C4CEC4B1BE", "简体中文的文本"),
        ("windows-1251", "D0F3F1F1EAE8E920F2E5EAF1F2", "Русский текст"),
        ("KOI8-R", "F2D5D3D3CBC9CA20D4C5CBD3D4", "Русский текст"),
        ("EUC-KR", "C7D1B1B9BEEE20C5D8BDBAC6AE", "한국어 텍스트"),
        ("Big5", "C163C5E9A4A4A4E5AABAA4E5A672", "繁體中文的文字"),
    ];

    private static Task<ExtractedDocument> ExtractAsync(string html, string path = "faq.html") =>
        ExtractAsync(Encoding.UTF8.GetBytes(html), path);

    private static Task<ExtractedDocument> ExtractAsync(byte[] bytes, string path = "faq.html") =>
        new HtmlExtractor().ExtractAsync(new MemoryStream(bytes), path, TestContext.Current.CancellationToken);

    /// <summary>A page whose head is <paramref name="head"/> and whose title and paragraph are <paramref name="text"/>'s bytes.</summary>
    private static byte[] EncodedPage(string head, byte[] text) =>
        [.. "<!DOCTYPE html>\n<html><head>"u8, .. Encoding.ASCII.GetBytes(head), .. "<title>"u8, .. text, .. "</title></head>\n<body><p>"u8,
         .. text, .. "</p></body></html>\n"u8];

    public static TheoryData<string, string, string> LegacyDeclarations()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (label, hex, text) in s_legacyTexts)
        {
            data.Add($"<meta charset=\"{label}\">", hex, text);
            data.Add($"<meta http-equiv=\"Content-Type\" content=\"text/html; charset={label}\">", hex, text);
        }

        return data;
    }

    [Fact]
    public async Task ExtractAsync_Page_KeepsMainContentWithHeadingPaths()
    {
        var document = await ExtractAsync(Page);

        Assert.Equal("Starter FAQ", document.Title);
        Assert.Equal(
            [
                ("Starter questions", true, "Starter questions"),
                ("Answers to common questions.", false, "Starter questions"),
                ("Feeding", true, "Starter questions > Feeding"),
                ("Feed every 12 hours.\nUse a 1:5:5 ratio.", false, "Starter questions > Feeding"),
                ("- Flour", false, "Starter questions > Feeding"),
                ("- Water", false, "Starter questions > Feeding"),
                ("Table", true, "Starter questions > Feeding > Table"),
                ("Ratio | Use\n1:5:5 | daily", false, "Starter questions > Feeding > Table"),
            ],
            document.Sections.Select(s => (s.Text, s.IsHeading, string.Join(" > ", s.HeadingPath))));
    }

    [Fact]
    public async Task ExtractAsync_BodyWithoutMain_DropsBoilerplate()
    {
        var document = await ExtractAsync("<html><body><nav>Menu</nav><header>Banner</header><p>Only this.</p><script>x()</script><footer>Foot</footer></body></html>");

        Assert.Equal("Only this.", Assert.Single(document.Sections).Text);
        Assert.Equal("faq", document.Title);
    }

    [Theory]
    [MemberData(nameof(LegacyDeclarations))]
    public async Task ExtractAsync_DeclaredLegacyCharset_DecodesInIt(string declaration, string hex, string text)
    {
        var document = await ExtractAsync(EncodedPage(declaration, Convert.FromHexString(hex)));

        Assert.Equal(text, document.Title);
        Assert.Equal(text, Assert.Single(document.Sections).Text);
    }

    [Fact]
    public async Task ExtractAsync_XhtmlXmlDeclaration_DecodesInItsEncoding()
    {
        byte[] bytes =
        [
            .. "<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>"u8,
            .. Convert.FromHexString("D0F3F1F1EAE8E920F2E5EAF1F2"), .. "</p></body></html>"u8,
        ];

        var document = await ExtractAsync(bytes, "page.xhtml");

        Assert.Equal("Русский текст", Assert.Single(document.Sections).Text);
    }

    [Theory]
    [InlineData("iso-8859-1")]
    [InlineData("US-ASCII")]
    [InlineData("latin1")]
    public async Task ExtractAsync_DeclaredLatin1OrAscii_DecodesAsWindows1252(string label)
    {
        byte[] text = [0x93, .. "Levain"u8, 0x94, 0x20, 0x96, 0x20, 0x80, 0x35];

        var document = await ExtractAsync(EncodedPage($"<meta charset=\"{label}\">", text));

        Assert.Equal("\u201CLevain\u201D \u2013 \u20AC5", Assert.Single(document.Sections).Text);
    }

    [Fact]
    public async Task ExtractAsync_UnknownDeclaredCharset_FallsBackToDetection()
    {
        var utf8 = await ExtractAsync(EncodedPage("<meta charset=\"x-no-such-charset\">", Encoding.UTF8.GetBytes("Crème brûlée")));
        var cp1252 = await ExtractAsync(EncodedPage("<meta charset=\"x-no-such-charset\">", [.. "Cr"u8, 0xE8, .. "me "u8, 0x96, .. " br"u8, 0xFB, .. "l"u8, 0xE9, .. "e"u8]));

        Assert.Equal("Crème brûlée", utf8.Title);
        Assert.Equal("Crème \u2013 brûlée", cp1252.Title);
    }

    [Fact]
    public async Task ExtractAsync_UnknownThenKnownDeclaration_UsesTheKnownOne()
    {
        var page = EncodedPage("<meta charset=\"x-no-such-charset\"><meta charset=\"koi8-r\">", Convert.FromHexString("F2D5D3D3CBC9CA20D4C5CBD3D4"));

        var document = await ExtractAsync(page);

        Assert.Equal("Русский текст", document.Title);
    }

    [Fact]
    public async Task ExtractAsync_Utf8BomAndContraryMeta_BomWins()
    {
        var page = EncodedPage("<meta charset=\"shift_jis\">", Encoding.UTF8.GetBytes("日本語のテキスト"));

        var document = await ExtractAsync([.. Encoding.UTF8.GetPreamble(), .. page]);

        Assert.Equal("日本語のテキスト", document.Title);
    }

    [Fact]
    public async Task ExtractAsync_DeclaredCharset_ReadsTheFileOnce()
    {
        byte[] paragraph = [.. "<p>"u8, .. Convert.FromHexString("93FA967B8CEA82CC8365834C83588367"), .. "</p>\n"u8];
        byte[] bytes = [.. "<html><head><meta charset=\"shift_jis\"></head><body>"u8, .. Enumerable.Repeat(paragraph, 5000).SelectMany(p => p), .. "</body></html>"u8];
        using var content = new CountingStream(bytes);

        var document = await new HtmlExtractor().ExtractAsync(content, "big.html", TestContext.Current.CancellationToken);

        Assert.Equal(5000, document.Sections.Count);
        Assert.Equal("日本語のテキスト", document.Sections[^1].Text);
        Assert.InRange(content.BytesRead, bytes.Length, bytes.Length + ContentSniffer.HeaderLength);
    }
}
