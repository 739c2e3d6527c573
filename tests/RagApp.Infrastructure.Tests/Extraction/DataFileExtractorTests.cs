using System.Text;
using RagApp.Core.Documents;
using RagApp.Infrastructure.Extraction;
using Xunit;

namespace RagApp.Infrastructure.Tests.Extraction;

public sealed class DataFileExtractorTests
{
    private static Task<ExtractedDocument> ExtractAsync(IDocumentExtractor extractor, string text, string path) =>
        extractor.ExtractAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), path, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Csv_Rows_BecomeColumnValueLines()
    {
        var csv = "name,hydration,notes\nCountry loaf,75,\"crisp, open\"\nRye,85,\"dense\nbaked in a \"\"tin\"\"\"\n\nBaguette,,thin\n";

        var document = await ExtractAsync(new CsvExtractor(), csv, "loaves.csv");

        var section = Assert.Single(document.Sections);
        Assert.Equal(
            "name: Country loaf; hydration: 75; notes: crisp, open\n\nname: Rye; hydration: 85; notes: dense\nbaked in a \"tin\"\n\nname: Baguette; notes: thin",
            section.Text);
        Assert.Equal("loaves", document.Title);
    }

    [Fact]
    public async Task Csv_SemicolonDelimited_IsDetected()
    {
        var document = await ExtractAsync(new CsvExtractor(), "flour;protein\nbread;13,5\n", "flours.csv");

        Assert.Equal("flour: bread; protein: 13,5", Assert.Single(document.Sections).Text);
    }

    [Fact]
    public async Task Json_Object_FlattensToPathValueLinesPerProperty()
    {
        var json = """{ "title": "Starter log", "feedings": [ { "hour": 0, "ratio": "1:5:5" }, { "hour": 12, "ratio": "1:5:5", "note": null } ], "active": true }""";

        var document = await ExtractAsync(new JsonExtractor(), json, "log.json");

        Assert.Equal("Starter log", document.Title);
        Assert.Equal(
            ["title: Starter log", "feedings[0].hour: 0\nfeedings[0].ratio: 1:5:5\nfeedings[1].hour: 12\nfeedings[1].ratio: 1:5:5", "active: true"],
            document.Sections.Select(s => s.Text));
    }

    [Fact]
    public async Task Json_Utf16WithBom_IsDecoded()
    {
        byte[] bytes = [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("[{\"name\": \"Crème\"}]")];

        var document = await new JsonExtractor().ExtractAsync(new MemoryStream(bytes), "x.json", TestContext.Current.CancellationToken);

        Assert.Equal("name: Crème", Assert.Single(document.Sections).Text);
    }

    [Fact]
    public async Task Json_Lines_OneSectionPerLine()
    {
        var document = await ExtractAsync(new JsonExtractor(), "{\"q\":\"How often?\",\"a\":\"Every 12 hours\"}\n\n{\"q\":\"Ratio?\"}\n", "faq.jsonl");

        Assert.Equal(["q: How often?\na: Every 12 hours", "q: Ratio?"], document.Sections.Select(s => s.Text));
    }

    [Fact]
    public async Task Json_Invalid_ThrowsNotValidJson()
    {
        var ex = await Assert.ThrowsAsync<DocumentExtractionException>(() => ExtractAsync(new JsonExtractor(), "{\"a\": [1, 2", "bad.json"));

        Assert.StartsWith("not valid JSON: ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public async Task Json_InvalidLine_NamesTheLine()
    {
        var ex = await Assert.ThrowsAsync<DocumentExtractionException>(() => ExtractAsync(new JsonExtractor(), "{\"a\":1}\n{oops}\n", "bad.jsonl"));

        Assert.StartsWith("not valid JSON (line 2): ", ex.Message, StringComparison.Ordinal);
    }
}
