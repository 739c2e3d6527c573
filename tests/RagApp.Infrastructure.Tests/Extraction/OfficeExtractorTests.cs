using RagApp.Core.Documents;
using RagApp.Infrastructure.Extraction;
using Xunit;
using static RagApp.Infrastructure.Tests.Extraction.TestOffice;

namespace RagApp.Infrastructure.Tests.Extraction;

public sealed class OfficeExtractorTests
{
    private static Task<ExtractedDocument> ExtractAsync(IDocumentExtractor extractor, byte[] bytes, string path) =>
        extractor.ExtractAsync(new MemoryStream(bytes), path, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Docx_HeadingsListsAndTables_BecomeSectionsWithHeadingPaths()
    {
        var bytes = Docx(null,
            Para("Starter Care", "Title"),
            Para("Feeding", "Heading1"),
            Para("Feed the starter twice a day."),
            ListItem("Flour"), ListItem("Rye", 1), ListItem("Water"),
            Para("Ratios", "Titre2"),
            Table(["Ratio", "Use"], ["1:5:5", "12 hours"]));

        var document = await ExtractAsync(new DocxExtractor(), bytes, "care.docx");

        Assert.Equal("Starter Care", document.Title);
        Assert.Equal(
            [
                ("Starter Care", true, "Starter Care"),
                ("Feeding", true, "Starter Care > Feeding"),
                ("Feed the starter twice a day.", false, "Starter Care > Feeding"),
                ("- Flour\n  - Rye\n- Water", false, "Starter Care > Feeding"),
                ("Ratios", true, "Starter Care > Feeding > Ratios"),
                ("Ratio | Use\n1:5:5 | 12 hours", false, "Starter Care > Feeding > Ratios"),
            ],
            document.Sections.Select(s => (s.Text, s.IsHeading, string.Join(" > ", s.HeadingPath))));
    }

    [Fact]
    public async Task Docx_Footnotes_FollowTheBodyUnderTheirOwnHeading()
    {
        var bytes = Docx(null, ["Measured at 21 degrees in a glass jar.", "See the flour notes."], Para("Starter care", "Heading1"), Para("It doubles in six hours."));

        var document = await ExtractAsync(new DocxExtractor(), bytes, "care.docx");

        Assert.Equal(
            [("It doubles in six hours.", "Starter care"), ("Footnotes", "Footnotes"), ("[1] Measured at 21 degrees in a glass jar.", "Footnotes"), ("[2] See the flour notes.", "Footnotes")],
            document.Sections.Where(s => s.Text != "Starter care").Select(s => (s.Text, string.Join(" > ", s.HeadingPath))));
    }

    [Fact]
    public async Task Docx_PackageTitle_IsTheTitle()
    {
        var document = await ExtractAsync(new DocxExtractor(), Docx("Care Sheet", Para("Body.")), "care.docx");

        Assert.Equal("Care Sheet", document.Title);
    }

    [Fact]
    public async Task Docx_OleCompoundFile_ThrowsEncryptedOrLegacy()
    {
        byte[] ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0];

        var ex = await Assert.ThrowsAsync<DocumentExtractionException>(() => ExtractAsync(new DocxExtractor(), ole, "secret.docx"));

        Assert.StartsWith("encrypted or legacy Word file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Docx_TruncatedZip_ThrowsNotValid()
    {
        var bytes = Docx(null, Para("Body."));

        var ex = await Assert.ThrowsAsync<DocumentExtractionException>(() => ExtractAsync(new DocxExtractor(), bytes[..(bytes.Length / 2)], "cut.docx"));

        Assert.StartsWith("not a valid DOCX: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pptx_Slides_BecomeHeadingsWithBodyAndNotes()
    {
        var bytes = Pptx(
            ("Feeding", ["Every 12 hours", "Ratio 1:5:5"], "Mention the temperature."),
            (null, ["No title here"], null));

        var document = await ExtractAsync(new PptxExtractor(), bytes, "deck.pptx");

        Assert.Equal("Feeding", document.Title);
        Assert.Equal(
            [
                ("Slide 1: Feeding", true, "Slide 1: Feeding"),
                ("Every 12 hours\nRatio 1:5:5", false, "Slide 1: Feeding"),
                ("Notes: Mention the temperature.", false, "Slide 1: Feeding"),
                ("Slide 2", true, "Slide 2"),
                ("No title here", false, "Slide 2"),
            ],
            document.Sections.Select(s => (s.Text, s.IsHeading, string.Join(" > ", s.HeadingPath))));
        Assert.All(document.Sections, s => Assert.Null(s.Page));
    }

    [Fact]
    public async Task Pptx_NotAZip_ThrowsNotValid()
    {
        var ex = await Assert.ThrowsAsync<DocumentExtractionException>(() => ExtractAsync(new PptxExtractor(), "plain text"u8.ToArray(), "deck.pptx"));

        Assert.Equal("not a valid PowerPoint file: not a zip package", ex.Message);
    }
}
