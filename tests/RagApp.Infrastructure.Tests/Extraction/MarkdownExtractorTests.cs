using System.Text;
using RagApp.Core.Documents;
using RagApp.Infrastructure.Extraction;
using Xunit;

namespace RagApp.Infrastructure.Tests.Extraction;

public sealed class MarkdownExtractorTests
{
    private static Task<ExtractedDocument> ExtractAsync(string markdown) =>
        new MarkdownExtractor().ExtractAsync(new MemoryStream(Encoding.UTF8.GetBytes(markdown)), "notes.md", TestContext.Current.CancellationToken);

    [Fact]
    public async Task ExtractAsync_Headings_BuildHeadingPaths()
    {
        var document = await ExtractAsync("# Bread\n\nIntro text.\n\n## Mixing\n\nMix *well*.\n\n### Autolyse\n\nRest 45 minutes.\n\n## Baking\n\nBake hot.\n");

        Assert.Equal("Bread", document.Title);
        Assert.Equal(
            [
                ("Bread", true, "Bread"), ("Intro text.", false, "Bread"),
                ("Mixing", true, "Bread > Mixing"), ("Mix well.", false, "Bread > Mixing"),
                ("Autolyse", true, "Bread > Mixing > Autolyse"), ("Rest 45 minutes.", false, "Bread > Mixing > Autolyse"),
                ("Baking", true, "Bread > Baking"), ("Bake hot.", false, "Bread > Baking"),
            ],
            document.Sections.Select(s => (s.Text, s.IsHeading, string.Join(" > ", s.HeadingPath))));
        Assert.All(document.Sections, s => Assert.Null(s.Page));
    }

    [Fact]
    public async Task ExtractAsync_FrontMatterTitle_WinsOverFirstHeading()
    {
        var document = await ExtractAsync("---\ntitle: \"Weekend Schedule\"\nauthor: me\n---\n# Friday\n\nBuild the levain.\n");

        Assert.Equal("Weekend Schedule", document.Title);
        Assert.DoesNotContain(document.Sections, s => s.Text.Contains("author", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExtractAsync_ListsTablesAndCode_BecomeReadableText()
    {
        var document = await ExtractAsync(
            "Steps:\n\n1. Mix flour\n2. Add `water`\n   - warm\n\n| Flour | Protein |\n|---|---|\n| Bread | 13% |\n\n```\nbake --hot\n```\n\nSee [the guide](http://x.test).\n");

        var texts = document.Sections.Select(s => s.Text).ToList();
        Assert.Contains("1. Mix flour\n2. Add water\n  - warm", texts);
        Assert.Contains("Flour | Protein\nBread | 13%", texts);
        Assert.Contains("bake --hot", texts);
        Assert.Contains("See the guide.", texts);
        Assert.Equal("notes", document.Title);
    }

    [Fact]
    public async Task ExtractAsync_RawHtmlBlock_KeepsWordsOnly()
    {
        var document = await ExtractAsync("<div class=\"note\">\n<!-- hidden -->\n<b>Keep it warm.</b>\n</div>\n\nAfter.\n");

        Assert.Equal(["Keep it warm.", "After."], document.Sections.Select(s => s.Text));
    }
}
