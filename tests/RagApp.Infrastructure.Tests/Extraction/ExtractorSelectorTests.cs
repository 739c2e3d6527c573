using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RagApp.Core.Documents;
using RagApp.Infrastructure.Extraction;
using Xunit;

namespace RagApp.Infrastructure.Tests.Extraction;

public sealed class ExtractorSelectorTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddDocumentExtractors().BuildServiceProvider();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"ragapp extraction é {Guid.NewGuid():N}");

    public ExtractorSelectorTests() => Directory.CreateDirectory(_folder);

    private ExtractorSelector Selector => _services.GetRequiredService<ExtractorSelector>();

    public void Dispose()
    {
        _services.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static byte[] Pdf() => TestPdf.Build([[new("Hello from a PDF.")]]);

    [Theory]
    [InlineData("report.pdf", "pdf")]
    [InlineData("report.txt", "pdf")]
    [InlineData("report", "pdf")]
    public void Select_PdfBytes_PicksPdfWhateverTheExtension(string name, string format)
    {
        Assert.Equal(format, Selector.Select(Path.GetExtension(name), Pdf())?.Format);
    }

    [Theory]
    [InlineData(".md", "# Title", "markdown")]
    [InlineData(".MD", "# Title", "markdown")]
    [InlineData(".txt", "plain words", "text")]
    [InlineData("", "a README without extension", "text")]
    [InlineData(".pdf", "not a pdf at all", "pdf")]
    public void Select_TextBytes_PicksByExtension(string extension, string content, string format)
    {
        Assert.Equal(format, Selector.Select(extension, Encoding.UTF8.GetBytes(content))?.Format);
    }

    [Theory]
    [InlineData("deck.pptx", true, "pptx")]
    [InlineData("deck.docx", true, "pptx")]
    [InlineData("letter.docx", false, "docx")]
    [InlineData("letter.zip", false, "docx")]
    public void Select_OfficeZip_PicksByPackageContent(string name, bool slides, string format)
    {
        var bytes = slides ? TestOffice.Pptx(("Title", ["Body"], null)) : TestOffice.Docx(null, TestOffice.Para("Body."));

        Assert.Equal(format, Selector.Select(Path.GetExtension(name), bytes.AsSpan(0, Math.Min(bytes.Length, 4096)))?.Format);
    }

    [Theory]
    [InlineData(".html", "<p>fragment</p>", "html")]
    [InlineData(".txt", "<!DOCTYPE html><html><body>x</body></html>", "html")]
    [InlineData(".csv", "a,b\n1,2", "csv")]
    [InlineData(".jsonl", "{}", "json")]
    public void Select_MarkupAndData_PicksTheirExtractor(string extension, string content, string format)
    {
        Assert.Equal(format, Selector.Select(extension, Encoding.UTF8.GetBytes(content))?.Format);
    }

    [Fact]
    public void Select_UnsupportedBinary_ReturnsNullWithReason()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52];

        Assert.Null(Selector.Select(".png", png));
        Assert.Null(Selector.Select("", png));
        Assert.Equal("unsupported file type .png", ExtractorSelector.UnsupportedReason("photos/Cat.PNG"));
    }

    [Fact]
    public async Task ExtractAsync_PathWithSpacesAndNonAscii_ExtractsTheFile()
    {
        var path = Path.Combine(_folder, "mon fichier ü.md");
        await File.WriteAllTextAsync(path, "# Levain été\n\nFeed at 24 °C.\n", TestContext.Current.CancellationToken);

        var document = await Selector.ExtractAsync(path, TestContext.Current.CancellationToken);

        Assert.NotNull(document);
        Assert.Equal("Levain été", document.Title);
        Assert.Equal("Feed at 24 °C.", document.Sections[^1].Text);
    }

    [Fact]
    public async Task ExtractAsync_PdfFile_ReadsPages()
    {
        var path = Path.Combine(_folder, "scan ß.pdf");
        await File.WriteAllBytesAsync(path, Pdf(), TestContext.Current.CancellationToken);

        var document = await Selector.ExtractAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(1, Assert.Single(document!.Sections).Page);
    }

    [Fact]
    public async Task ExtractAsync_ZeroByteFile_ReturnsDocumentWithoutSections()
    {
        var path = Path.Combine(_folder, "empty.txt");
        await File.WriteAllBytesAsync(path, [], TestContext.Current.CancellationToken);

        var document = await Selector.ExtractAsync(path, TestContext.Current.CancellationToken);

        Assert.NotNull(document);
        Assert.Empty(document.Sections);
    }

    [Fact]
    public async Task ExtractAsync_UnsupportedFile_ReturnsNull()
    {
        var path = Path.Combine(_folder, "archive.bin");
        await File.WriteAllBytesAsync(path, [1, 2, 3, 0, 0, 7], TestContext.Current.CancellationToken);

        Assert.Null(await Selector.ExtractAsync(path, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ExtractAsync_MissingFile_ThrowsCannotOpen()
    {
        var ex = await Assert.ThrowsAsync<DocumentExtractionException>(
            () => Selector.ExtractAsync(Path.Combine(_folder, "gone.txt"), TestContext.Current.CancellationToken));

        Assert.StartsWith("cannot open file: ", ex.Message, StringComparison.Ordinal);
    }
}
