using Xunit;
using RagApp.Core.Chat;

namespace RagApp.Core.Tests.Chat;

public class CitationStreamFilterTests
{
    [Fact]
    public void Push_MarkerSplitAcrossPieces_IsHeldBackThenValidated()
    {
        var filter = new CitationStreamFilter(sourceCount: 2);
        var shown = new List<string>();

        foreach (var piece in new[] { "Water boils", " at 100 C [", "1,", " 5]", " and freezes [", "4]", "." })
        {
            shown.Add(filter.Push(piece));
        }

        shown.Add(filter.Flush());

        Assert.Equal("Water boils at 100 C [1] and freezes.", string.Concat(shown));
        Assert.Equal(string.Concat(shown), filter.Result.Text);
        Assert.Equal([1], filter.Result.Cited);
        Assert.Equal([5, 4], filter.Result.Invalid);
        Assert.DoesNotContain(shown, s => s.Contains('5') || s.Contains('4'));
    }

    [Fact]
    public void Push_PlainText_IsPassedOnAtOnce()
    {
        var filter = new CitationStreamFilter(sourceCount: 1);

        Assert.Equal("Hello", filter.Push("Hello"));
        Assert.Equal(" world", filter.Push(" world"));
        Assert.Equal("", filter.Flush());
    }

    [Fact]
    public void Push_BracketThatIsNotAMarker_IsReleasedWhenItCannotBeOne()
    {
        var filter = new CitationStreamFilter(sourceCount: 1);

        var first = filter.Push("see [");
        var second = filter.Push("note] ok");

        Assert.Equal("see", first);
        Assert.Equal(" [note] ok", second);
    }
}
