using System.Text;
using RagApp.Core.Documents;

namespace RagApp.Core.Tests.Documents;

public sealed class DeclaredCharsetScannerTests
{
    private static IReadOnlyList<string> Scan(string html) => DeclaredCharsetScanner.Scan(Encoding.ASCII.GetBytes(html));

    [Theory]
    [InlineData("<html><head><meta charset=\"Shift_JIS\"><title>x</title>", "shift_jis")]
    [InlineData("<HTML><HEAD><META CHARSET=EUC-JP>", "euc-jp")]
    [InlineData("<meta charset=' koi8-r '/>", "koi8-r")]
    [InlineData("<meta/charset=gbk>", "gbk")]
    [InlineData("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">", "windows-1251")]
    [InlineData("<meta content='text/html;charset=\"Big5\"' http-equiv=content-type>", "big5")]
    [InlineData("<?xml version=\"1.0\" encoding=\"Windows-1251\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">", "windows-1251")]
    public void Scan_Declaration_ReturnsLowerCasedLabel(string html, string expected)
    {
        Assert.Equal([expected], Scan(html));
    }

    [Theory]
    [InlineData("<meta content=\"text/html; charset=euc-jp\">")]
    [InlineData("<meta http-equiv=\"refresh\" content=\"5; charset=euc-jp\">")]
    [InlineData("<!-- <meta charset=\"euc-jp\"> -->")]
    [InlineData("<div title='<meta charset=\"euc-jp\">'>text</div>")]
    [InlineData("<metadata charset=euc-jp>")]
    [InlineData("<meta charset=\"\">")]
    [InlineData("<p>charset=euc-jp</p>")]
    public void Scan_NoDeclaration_ReturnsNothing(string html)
    {
        Assert.Empty(Scan(html));
    }

    [Fact]
    public void Scan_SeveralMetaTags_ReturnsEachInOrder()
    {
        var labels = Scan("<!--> --><meta charset=\"x-unknown\"><meta name=viewport content=\"width=device-width\"><meta charset=koi8-r>");

        Assert.Equal(["x-unknown", "koi8-r"], labels);
    }

    [Fact]
    public void Scan_CharsetAndContentInOneTag_CharsetAttributeWins()
    {
        var labels = Scan("<meta charset=gbk http-equiv=Content-Type content=\"text/html; charset=big5\">");

        Assert.Equal(["gbk"], labels);
    }

    [Fact]
    public void Scan_DeclarationAfterFirst1024Bytes_IsNotSeen()
    {
        var html = "<!DOCTYPE html><html><head><!--" + new string('x', DeclaredCharsetScanner.PrescanLength) + "--><meta charset=euc-jp>";

        Assert.Empty(Scan(html));
    }

    [Fact]
    public void Scan_TagCutOffByTheLimit_IsNotSeen()
    {
        var prefix = "<!DOCTYPE html><html><head><title>" + new string('x', DeclaredCharsetScanner.PrescanLength - 60) + "</title>";
        var html = prefix + "<meta http-equiv=Content-Type content=\"text/html; charset=euc-jp\">";

        Assert.True(prefix.Length < DeclaredCharsetScanner.PrescanLength && html.Length > DeclaredCharsetScanner.PrescanLength);
        Assert.Empty(Scan(html));
    }

    [Theory]
    [InlineData("text/html; charset=Shift_JIS", "Shift_JIS")]
    [InlineData("text/html;charset = 'big5' ; x", "big5")]
    [InlineData("charsetx; charset=koi8-r", "koi8-r")]
    [InlineData("text/html; charset=\"unterminated", null)]
    [InlineData("text/html", null)]
    public void CharsetFromContent_ContentValue_ReturnsCharset(string content, string? expected)
    {
        Assert.Equal(expected, DeclaredCharsetScanner.CharsetFromContent(content));
    }
}
