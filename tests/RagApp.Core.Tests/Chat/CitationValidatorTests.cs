using Xunit;
using RagApp.Core.Chat;

namespace RagApp.Core.Tests.Chat;

public class CitationValidatorTests
{
    [Fact]
    public void Validate_ValidMarkers_KeepsThemAndListsNumbersInOrder()
    {
        var check = CitationValidator.Validate("Paris is the capital [2]. It is large [1, 2].", sourceCount: 2);

        Assert.Equal("Paris is the capital [2]. It is large [1, 2].", check.Text);
        Assert.Equal([2, 1], check.Cited);
        Assert.Empty(check.Invalid);
    }

    [Fact]
    public void Validate_NumberWithoutSource_IsRemovedAndReported()
    {
        var check = CitationValidator.Validate("True [7]. Also true [1, 9].", sourceCount: 3);

        Assert.Equal("True. Also true [1].", check.Text);
        Assert.Equal([1], check.Cited);
        Assert.Equal([7, 9], check.Invalid);
    }

    [Fact]
    public void Validate_ZeroAndAdjacentMarkers_AreHandled()
    {
        var check = CitationValidator.Validate("A [0][1] B [3]", sourceCount: 3);

        Assert.Equal("A[1] B [3]", check.Text);
        Assert.Equal([1, 3], check.Cited);
        Assert.Equal([0], check.Invalid);
    }

    [Fact]
    public void Validate_BracketsThatAreNotCitations_AreLeftAlone()
    {
        var check = CitationValidator.Validate("Use array[i] and [see below].", sourceCount: 1);

        Assert.Equal("Use array[i] and [see below].", check.Text);
        Assert.Empty(check.Cited);
    }
}
