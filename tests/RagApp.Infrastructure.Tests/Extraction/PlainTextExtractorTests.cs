using System.Text;
using RagApp.Core.Documents;
using RagApp.Infrastructure.Extraction;
using Xunit;

namespace RagApp.Infrastructure.Tests.Extraction;

public sealed class PlainTextExtractorTests
{
    private const string Sample = "Crème fraîche, ½ cup — naïve café.\nSecond line.\n\nNext paragraph ✓.";

    private static Task<ExtractedDocument> ExtractAsync(byte[] bytes, string path = "notes.txt") =>
        new PlainTextExtractor().ExtractAsync(new MemoryStream(bytes), path, TestContext.Current.CancellationToken);

    public static TheoryData<string, byte[]> Encodings() => new()
    {
        { "utf-8", Encoding.UTF8.GetBytes(Sample) },
        { "utf-8 bom", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Sample)] },
        { "utf-16 le bom", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Sample)] },
        { "utf-16 be bom", [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(Sample)] },
        { "utf-16 le no bom", Encoding.Unicode.GetBytes(Sample) },
        { "utf-16 be no bom", Encoding.BigEndianUnicode.GetBytes(Sample) },
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task ExtractAsync_UnicodeEncodings_DecodeToTheSameText(string name, byte[] bytes)
    {
        var document = await ExtractAsync(bytes);

        Assert.True(document.Sections.Count == 2, name);
        Assert.Equal("Crème fraîche, ½ cup — naïve café.\nSecond line.", document.Sections[0].Text);
        Assert.Equal("Next paragraph ✓.", document.Sections[1].Text);
    }

    [Fact]
    public async Task ExtractAsync_Latin1Bytes_FallBackToSingleByteDecoding()
    {
        var document = await ExtractAsync(Encoding.Latin1.GetBytes("Crème brûlée at 180 °C."));

        Assert.Equal("Crème brûlée at 180 °C.", Assert.Single(document.Sections).Text);
        Assert.Equal("notes", document.Title);
        Assert.Empty(document.Sections[0].HeadingPath);
    }

    [Fact]
    public async Task ExtractAsync_Windows1252Bytes_DecodeQuotesDashesAndEuro()
    {
        byte[] bytes = [0x93, .. "Levain"u8, 0x94, 0x20, 0x96, 0x20, 0x80, 0x35, 0x20, 0x85];

        var document = await ExtractAsync(bytes);

        Assert.Equal("\u201CLevain\u201D \u2013 \u20AC5 \u2026", Assert.Single(document.Sections).Text);
    }

    [Fact]
    public async Task ExtractAsync_ShortFirstLineAlone_IsTitleAndHeading()
    {
        var document = await ExtractAsync(Encoding.UTF8.GetBytes("Starter notes\n\nFeed it daily.\nKeep it warm.\n"));

        Assert.Equal("Starter notes", document.Title);
        Assert.Equal([("Starter notes", true), ("Feed it daily.\nKeep it warm.", false)], document.Sections.Select(s => (s.Text, s.IsHeading)));
        Assert.Equal(["Starter notes"], document.Sections[1].HeadingPath);
    }

    [Fact]
    public async Task ExtractAsync_BinaryContent_ThrowsBinaryNotText()
    {
        byte[] bytes = [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x3E, 0x00];

        var ex = await Assert.ThrowsAsync<DocumentExtractionException>(() => ExtractAsync(bytes, "program.txt"));

        Assert.Equal("binary content, not text", ex.Message);
        Assert.Equal("program.txt", ex.Path);
    }

    [Fact]
    public async Task ExtractAsync_ZeroBytes_ReturnsDocumentWithoutSections()
    {
        var document = await ExtractAsync([]);

        Assert.Empty(document.Sections);
    }

    [Fact]
    public async Task ExtractAsync_LargeFile_ReadsEveryParagraph()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ragapp-large-{Guid.NewGuid():N}.txt");
        try
        {
            await using (var writer = new StreamWriter(path, false, new UTF8Encoding(false)))
            {
                var paragraph = string.Join(' ', Enumerable.Repeat("The starter doubles in six hours at twenty-four degrees.", 20));
                for (var i = 0; i < 20_000; i++)
                {
                    await writer.WriteAsync($"{paragraph}\n\n".AsMemory(), TestContext.Current.CancellationToken);
                }
            }

            await using var stream = File.OpenRead(path);
            var document = await new PlainTextExtractor().ExtractAsync(stream, path, TestContext.Current.CancellationToken);

            Assert.Equal(20_000, document.Sections.Count);
            Assert.True(new FileInfo(path).Length > 20_000_000);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
