using RagApp.Core.Ingestion;
using Xunit;

namespace RagApp.Core.Tests.Ingestion;

public sealed class SentenceSplitterTests
{
    [Fact]
    public void Split_EndPunctuation_SplitsButKeepsAbbreviationsAndDecimals()
    {
        var sentences = SentenceSplitter.Split("Dr. Smith weighed 3.5 kg of flour, e.g. rye. Was it enough? Yes! \"Quite.\" Then J. Doe left");

        Assert.Equal(["Dr. Smith weighed 3.5 kg of flour, e.g. rye.", "Was it enough?", "Yes!", "\"Quite.\"", "Then J. Doe left"], sentences);
    }

    [Fact]
    public void Split_LineBreaks_EndSentences()
    {
        Assert.Equal(["- first item", "- second item"], SentenceSplitter.Split("- first item\n- second item\n"));
    }

    [Fact]
    public void Split_BlankText_ReturnsNone()
    {
        Assert.Empty(SentenceSplitter.Split("  \n "));
    }
}
