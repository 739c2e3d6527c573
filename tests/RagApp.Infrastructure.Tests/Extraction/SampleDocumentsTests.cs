using Microsoft.Extensions.DependencyInjection;
using RagApp.Core.Documents;
using RagApp.Infrastructure.Extraction;
using UglyToad.PdfPig;
using Xunit;

namespace RagApp.Infrastructure.Tests.Extraction;

/// <summary>The sample set in documents/ is what users ingest first; the README's example question relies on these facts and pages.</summary>
public sealed class SampleDocumentsTests
{
    private static readonly ExtractorSelector s_selector =
        new ServiceCollection().AddDocumentExtractors().BuildServiceProvider().GetRequiredService<ExtractorSelector>();

    private static async Task<ExtractedDocument> ExtractAsync(string name) =>
        await s_selector.ExtractAsync(SampleDocuments.PathOf(name), TestContext.Current.CancellationToken)
        ?? throw new InvalidOperationException($"{name} is not supported");

    private static string PageText(ExtractedDocument document, int page) =>
        string.Join("\n", document.Sections.Where(s => s.Page == page).Select(s => s.Text));

    [Fact]
    public async Task Handbook_FactsSitOnTheirPages()
    {
        var document = await ExtractAsync("sourdough-starter-handbook.pdf");

        Assert.Equal("Sourdough Starter Handbook", document.Title);
        Assert.Equal(4, document.PageCount);
        Assert.Contains("doubles in volume within 6 hours", PageText(document, 1), StringComparison.Ordinal);
        Assert.Contains("fed every 12 hours. Feed it at a 1:5:5 ratio", PageText(document, 2), StringComparison.Ordinal);
        Assert.Contains("The ideal temperature for this schedule is 24 °C.", PageText(document, 2), StringComparison.Ordinal);
        Assert.Contains("refrigerator at 4 °C", PageText(document, 3), StringComparison.Ordinal);
        Assert.Contains("Pink, orange or red streaks", PageText(document, 4), StringComparison.Ordinal);
        Assert.DoesNotContain(document.Sections, s => s.Text.Contains("page 2 of 4", StringComparison.Ordinal));
        Assert.Contains(document.Sections, s => s.IsHeading && s.Text == "2. Feeding Schedule" && s.Page == 2);
    }

    [Fact]
    public void Handbook_EveryLetterIsOnThePage()
    {
        using var pdf = PdfDocument.Open(SampleDocuments.PathOf("sourdough-starter-handbook.pdf"));

        foreach (var page in pdf.GetPages())
        {
            Assert.All(page.Letters, l => Assert.InRange(l.BoundingBox.Right, 0, page.Width - 30));
        }
    }

    [Fact]
    public async Task Schedule_HeadingsAndTable_AreExtracted()
    {
        var document = await ExtractAsync("weekend-bread-schedule.md");

        Assert.Equal("Weekend Sourdough Bread Schedule", document.Title);
        var bulk = Assert.Single(document.Sections, s => !s.IsHeading && s.Text.StartsWith("Bulk fermentation takes", StringComparison.Ordinal));
        Assert.Equal(["Weekend Sourdough Bread Schedule", "Saturday: mix, fold and shape", "Bulk fermentation"], bulk.HeadingPath);
        Assert.Contains(document.Sections, s => s.Text.Contains("Bake with the lid off | 230 °C | 25 minutes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FlourNotes_ParagraphsAreSections()
    {
        var document = await ExtractAsync("flour-notes.txt");

        Assert.Equal("Flour notes for sourdough bakers", document.Title);
        Assert.Equal(6, document.Sections.Count);
        Assert.True(document.Sections[0].IsHeading);
        Assert.All(document.Sections, s => Assert.Equal(["Flour notes for sourdough bakers"], s.HeadingPath));
        Assert.Contains(document.Sections, s => s.Text.Contains("protein content of 12 to 14 percent", StringComparison.Ordinal));
    }
}
