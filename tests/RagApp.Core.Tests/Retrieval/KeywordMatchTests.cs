using Xunit;
using RagApp.Core.Retrieval;

namespace RagApp.Core.Tests.Retrieval;

public sealed class KeywordMatchTests
{
    [Fact]
    public void ContainsAny_SharedWordInAnotherCaseOrForm_True()
    {
        var query = KeywordMatch.Words("Retrieval of PUMPS");

        Assert.True(KeywordMatch.ContainsAny("how we retrieve documents", query));
        Assert.True(KeywordMatch.ContainsAny("the pump stalls", query));
    }

    [Fact]
    public void ContainsAny_NoSharedWord_False()
    {
        var query = KeywordMatch.Words("a honeybee's dance");

        Assert.False(KeywordMatch.ContainsAny("coffee roasting at a high heat", query));
    }

    [Fact]
    public void Words_SplitsOnPunctuationAndDropsOneLetterWords()
    {
        Assert.Equal(["err", "042"], KeywordMatch.Words("ERR_042 a"));
    }
}
