using Xunit;
using RagApp.Core.Chat;

namespace RagApp.Core.Tests.Chat;

public class ExtractiveAnswererTests
{
    [Fact]
    public void Answer_PicksTheSentenceThatMatchesTheQuestion_WithItsCitation()
    {
        var sources = ContextBuilder.Number([
            FakeRetriever.Chunk(1, "manual.pdf", "The device ships in a blue box. The battery lasts twelve hours on a full charge. Keep it dry.", page: 3),
            FakeRetriever.Chunk(2, "faq.md", "Charging takes two hours with the bundled cable."),
        ]);

        var result = ExtractiveAnswerer.Answer("How long does the battery last?", sources);

        Assert.StartsWith("The battery lasts twelve hours on a full charge. [1]", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("blue box", result.Text, StringComparison.Ordinal);
        Assert.Equal(1, result.Cited[0]);
    }

    [Fact]
    public void Answer_StemmedTermsMatch_AndAtMostThreeSentences()
    {
        var sources = ContextBuilder.Number([
            FakeRetriever.Chunk(1, "a.md", "Indexing documents is incremental. An indexed document is skipped when unchanged. Documents are indexed in batches. Indexes live in a folder. Nothing else."),
        ]);

        var result = ExtractiveAnswerer.Answer("how are documents indexed", sources);

        Assert.Equal(3, result.Text.Split("[1]").Length - 1);
        Assert.DoesNotContain("Nothing else", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Answer_CitesTheSecondSource_WhenItMatchesBetter()
    {
        var sources = ContextBuilder.Number([
            FakeRetriever.Chunk(1, "a.md", "Our office opens at nine."),
            FakeRetriever.Chunk(2, "b.md", "Refunds are paid within fourteen days of the return."),
        ]);

        var result = ExtractiveAnswerer.Answer("When are refunds paid?", sources);

        Assert.Equal("Refunds are paid within fourteen days of the return. [2]", result.Text);
        Assert.Equal([2], result.Cited);
    }

    [Fact]
    public void Answer_HowOftenQuestion_PrefersTheSentenceThatStatesAFrequency()
    {
        // Both sentences have a number and share "starter"; only one says how often.
        var sources = ContextBuilder.Number([
            FakeRetriever.Chunk(1, "a.md", "A starter doubles within 6 hours when it is ready."),
            FakeRetriever.Chunk(2, "b.md", "A starter at room temperature is fed every 12 hours."),
        ]);

        var result = ExtractiveAnswerer.Answer("How often is a starter fed?", sources, similarities: [0.50, 0.45]);

        Assert.StartsWith("A starter at room temperature is fed every 12 hours. [2]", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Answer_NoTermOverlap_FallsBackToTheTopPassage()
    {
        var sources = ContextBuilder.Number([FakeRetriever.Chunk(1, "a.md", "Completely unrelated words appear here.")]);

        var result = ExtractiveAnswerer.Answer("zebra?", sources);

        Assert.Equal("Completely unrelated words appear here. [1]", result.Text);
    }

    [Fact]
    public void Answer_DocumentsOwnReferenceNumbers_AreNotShownAsCitations()
    {
        var sources = ContextBuilder.Number([FakeRetriever.Chunk(1, "paper.pdf", "Vitamin D reduces fractures [12, 13].")]);

        var result = ExtractiveAnswerer.Answer("Does vitamin D reduce fractures?", sources);

        Assert.Equal("Vitamin D reduces fractures. [1]", result.Text);
    }

    [Fact]
    public void SplitSentences_PageReferencesAndAbbreviations_DoNotEndASentence()
    {
        var sentences = ExtractiveAnswerer.SplitSentences("The default is 100 samples (see plot sampling (p. 148)). Use e.g. Ctrl to zoom, as J. Smith notes. It works.");

        Assert.Equal(["The default is 100 samples (see plot sampling (p. 148)).", "Use e.g. Ctrl to zoom, as J. Smith notes.", "It works."], sentences);
    }

    [Fact]
    public void SplitSentences_JoinsWrappedLines_KeepsParagraphsAndListItemsApart()
    {
        var sentences = ExtractiveAnswerer.SplitSentences("The pump runs\nat night. It stops at dawn.\n\nHeading line\n- first item\n- second item");

        Assert.Equal(["The pump runs at night.", "It stops at dawn.", "Heading line", "first item", "second item"], sentences);
    }

    [Theory]
    [InlineData("documents", "docu")]
    [InlineData("indexed", "index")]
    [InlineData("indexing", "index")]
    [InlineData("batteries", "battery")]
    [InlineData("running", "run")]
    [InlineData("class", "class")]
    public void Stem_StripsCommonSuffixes(string word, string stem)
    {
        Assert.Equal(stem, QueryTerms.Stem(word));
    }
}
