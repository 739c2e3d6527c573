using RagApp.Core.Documents;
using RagApp.Infrastructure.Extraction;
using Xunit;
using static RagApp.Infrastructure.Tests.Extraction.TestPdf;

namespace RagApp.Infrastructure.Tests.Extraction;

public sealed class PdfPigExtractorTests
{
    private static readonly PdfPigExtractor s_extractor = new();

    private static Task<ExtractedDocument> ExtractAsync(byte[] bytes, string path = "handbook.pdf") =>
        s_extractor.ExtractAsync(new MemoryStream(bytes), path, TestContext.Current.CancellationToken);

    private static byte[] Handbook(string? infoTitle = null) => Build(
        [
            [
                new("Feeding the Starter", HeadingSize), Gap,
                new("Feed the starter every twelve hours with equal weights of flour"),
                new("and water. The usual inter-"),
                new("national ratio is one part starter to five parts flour."),
            ],
            [new("Storage", HeadingSize), Gap, new("Keep the jar in the fridge at four degrees when you bake weekly.")],
            [new("Discard half of the starter before each feeding.")],
        ],
        header: "Sourdough Handbook - Edition 2",
        pageFooter: true,
        infoTitle: infoTitle);

    [Fact]
    public async Task ExtractAsync_ThreePages_SectionsCarryTheirPage()
    {
        var document = await ExtractAsync(Handbook());

        Assert.Equal(3, document.PageCount);
        Assert.Equal("pdf", document.Format);
        Assert.Equal(1, document.Sections.Single(s => s.Text.Contains("twelve hours", StringComparison.Ordinal)).Page);
        Assert.Equal(2, document.Sections.Single(s => s.Text.Contains("fridge", StringComparison.Ordinal)).Page);
        Assert.Equal(3, document.Sections.Single(s => s.Text.Contains("Discard", StringComparison.Ordinal)).Page);
    }

    [Fact]
    public async Task ExtractAsync_GeneratedPdf_KeepsWordSpacingAndJoinsHyphenatedWords()
    {
        var document = await ExtractAsync(Handbook());

        var body = document.Sections.Single(s => s.Text.Contains("twelve hours", StringComparison.Ordinal)).Text;
        Assert.Equal(
            "Feed the starter every twelve hours with equal weights of flour and water. The usual international ratio is one part starter to five parts flour.",
            body);
    }

    [Fact]
    public async Task ExtractAsync_RepeatedHeaderAndPageNumberFooter_AreDropped()
    {
        var document = await ExtractAsync(Handbook());

        var all = string.Join("\n", document.Sections.Select(s => s.Text));
        Assert.DoesNotContain("Sourdough Handbook", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Page 2 of 3", all, StringComparison.Ordinal);
        Assert.Contains("Discard half", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtractAsync_LongFirstLinesAlikeButForDigits_AreKept()
    {
        var pages = Enumerable.Range(1, 3)
            .Select(p => (IReadOnlyList<Line>)[new($"Batch {p} was fed at a ratio of one to five to five and doubled in {p + 4} hours."), new("More text.")])
            .ToList();

        var document = await ExtractAsync(Build(pages, header: "Bakery log", pageFooter: true));

        var all = string.Join("\n", document.Sections.Select(s => s.Text));
        Assert.Contains("Batch 2 was fed at a ratio of one to five to five and doubled in 6 hours.", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Bakery log", all, StringComparison.Ordinal);
        Assert.DoesNotContain("of 3", all, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Microsoft Word - care-sheet.docx", "care-sheet")]
    [InlineData("untitled", "Feeding the Starter")]
    [InlineData("  ", "Feeding the Starter")]
    public async Task ExtractAsync_PlaceholderInfoTitle_IsReplaced(string infoTitle, string expected)
    {
        var document = await ExtractAsync(Handbook(infoTitle));

        Assert.Equal(expected, document.Title);
    }

    [Fact]
    public async Task ExtractAsync_LargerFontLines_BecomeHeadingsAndHeadingPath()
    {
        var document = await ExtractAsync(Handbook());

        var heading = Assert.Single(document.Sections, s => s.IsHeading && s.Text == "Storage");
        Assert.Equal(["Storage"], heading.HeadingPath);
        Assert.Equal(["Storage"], document.Sections.Single(s => s.Text.Contains("fridge", StringComparison.Ordinal)).HeadingPath);
        Assert.Equal("Feeding the Starter", document.Title);
    }

    [Fact]
    public async Task ExtractAsync_InfoTitle_IsTheTitle()
    {
        var document = await ExtractAsync(Handbook(infoTitle: "The Starter Handbook"));

        Assert.Equal("The Starter Handbook", document.Title);
    }

    [Fact]
    public async Task ExtractAsync_TwoColumns_ReadsLeftColumnBeforeRightColumn()
    {
        using var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        var font = builder.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
        var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        for (var line = 0; line < 6; line++)
        {
            page.AddText($"Left column line {line} about rye.", BodySize, new UglyToad.PdfPig.Core.PdfPoint(50, 700 - (line * 15)), font);
            page.AddText($"Right column line {line} about wheat.", BodySize, new UglyToad.PdfPig.Core.PdfPoint(320, 700 - (line * 15)), font);
        }

        var document = await ExtractAsync(builder.Build());

        var text = string.Join("\n", document.Sections.Select(s => s.Text));
        Assert.Contains("Left column line 0 about rye. Left column line 1 about rye.", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("Left column line 5", StringComparison.Ordinal) < text.IndexOf("Right column line 0", StringComparison.Ordinal), text);
    }

    [Fact]
    public async Task ExtractAsync_LigatureGlyphs_AreSpelledOut()
    {
        var document = await ExtractAsync(WithLigatureGlyphs("De\u0001ne the \u0002ow of an e\u0003cient o\u0003ce"));

        var text = string.Join(" ", document.Sections.Select(s => s.Text));
        Assert.Contains("Define the flow of an efficient office", text, StringComparison.Ordinal);
        Assert.DoesNotContain(text, c => c is >= '\uFB00' and <= '\uFB06');
    }

    [Fact]
    public async Task ExtractAsync_NotAPdf_ThrowsNotAValidPdf()
    {
        var ex = await Assert.ThrowsAsync<DocumentExtractionException>(() => ExtractAsync("%PDF-1.7\nthis is not really a pdf"u8.ToArray()));

        Assert.StartsWith("not a valid PDF: ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Equal("handbook.pdf", ex.Path);
    }

    [Fact]
    public async Task ExtractAsync_EncryptedPdf_ThrowsPasswordRequired()
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "encrypted.pdf"), TestContext.Current.CancellationToken);

        var ex = await Assert.ThrowsAsync<DocumentExtractionException>(() => ExtractAsync(bytes));

        Assert.Equal("encrypted PDF (password required)", ex.Message);
    }

    [Fact]
    public async Task ExtractAsync_PageWithoutText_ThrowsNoExtractableText()
    {
        var ex = await Assert.ThrowsAsync<DocumentExtractionException>(() => ExtractAsync(Build([[], []])));

        Assert.Equal("no extractable text (scanned image?)", ex.Message);
    }

    [Fact]
    public async Task ExtractAsync_ZeroBytes_ReturnsEmptyDocument()
    {
        var document = await ExtractAsync([]);

        Assert.Empty(document.Sections);
    }

    [Fact]
    public async Task ExtractAsync_Cancelled_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => s_extractor.ExtractAsync(new MemoryStream(Handbook()), "a.pdf", cts.Token));
    }
}
