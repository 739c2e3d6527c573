using System.Text;
using RagApp.Infrastructure.Extraction;

namespace RagApp.Infrastructure.Tests.Extraction;

public sealed class DeclaredEncodingTests
{
    [Theory]
    [InlineData("Shift_JIS", 932)]
    [InlineData("euc-jp", 51932)]
    [InlineData("gb2312", 936)]
    [InlineData("x-gbk", 936)]
    [InlineData("big5", 950)]
    [InlineData("euc-kr", 949)]
    [InlineData("koi8-r", 20866)]
    [InlineData("windows-1251", 1251)]
    [InlineData("iso-8859-2", 28592)]
    [InlineData("iso-8859-9", 1254)]
    [InlineData("windows-31j", 932)]
    public void Resolve_LegacyLabel_ReturnsItsCodePage(string label, int codePage)
    {
        Assert.Equal(codePage, DeclaredEncoding.Resolve(label)?.CodePage);
    }

    [Theory]
    [InlineData("iso-8859-1")]
    [InlineData("us-ascii")]
    [InlineData("ISO_8859-1:1987")]
    [InlineData("x-user-defined")]
    public void Resolve_Latin1OrAsciiLabel_ReturnsWindows1252(string label)
    {
        var encoding = DeclaredEncoding.Resolve(label);

        Assert.Equal("\u201C\u20AC\u201D", encoding?.GetString([0x93, 0x80, 0x94]));
    }

    [Theory]
    [InlineData("x-no-such-charset")]
    [InlineData("utf-7")]
    [InlineData("utf-16")]
    [InlineData("utf-16be")]
    [InlineData("utf-32")]
    [InlineData("ibm037")]
    [InlineData("")]
    public void Resolve_UnknownOrNotAsciiCompatible_ReturnsNull(string label)
    {
        Assert.Null(DeclaredEncoding.Resolve(label));
    }

    [Fact]
    public void FromHeader_DeclaredUtf8_LeavesItToDetection()
    {
        Assert.Null(DeclaredEncoding.FromHeader("<html><head><meta charset=\"utf-8\"><meta charset=\"koi8-r\">"u8.ToArray()));
    }

    [Fact]
    public void FromHeader_NotAsciiCompatibleThenKnown_TakesTheKnownOne()
    {
        var encoding = DeclaredEncoding.FromHeader("<meta charset=\"utf-16\"><meta charset=\"koi8-r\">"u8.ToArray());

        Assert.Equal(20866, encoding?.CodePage);
    }
}
