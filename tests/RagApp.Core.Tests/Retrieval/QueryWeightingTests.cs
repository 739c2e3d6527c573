using Xunit;
using RagApp.Core.Retrieval;

namespace RagApp.Core.Tests.Retrieval;

public sealed class QueryWeightingTests
{
    [Theory]
    [InlineData("ERR_042")]
    [InlineData("v2.1")]
    [InlineData("HttpClient")]
    [InlineData("GDPR")]
    [InlineData("ISO9001")]
    public void IsIdentifier_CodesAndIdentifiers_True(string token) => Assert.True(QueryWeighting.IsIdentifier(token));

    [Theory]
    [InlineData("pump")]
    [InlineData("Coffee")]
    [InlineData("end.")]
    [InlineData("I")]
    public void IsIdentifier_PlainWords_False(string token) => Assert.False(QueryWeighting.IsIdentifier(token));

    [Fact]
    public void Compute_IdentifierInQuery_FavoursKeyword()
    {
        var weights = QueryWeighting.Compute("what does error ERR_042 on the controller mean", 1, 1, [], []);

        Assert.True(weights.Keyword > weights.Dense);
        Assert.Contains(weights.Reasons, r => r.Contains("ERR_042", StringComparison.Ordinal));
    }

    [Fact]
    public void Compute_QuotedPhrase_FavoursKeyword()
    {
        var weights = QueryWeighting.Compute("find \"coolant pump stalls\" in the manual", 1, 1, [], []);

        Assert.True(weights.Keyword > weights.Dense);
    }

    [Fact]
    public void Compute_ShortQuery_FavoursKeyword()
    {
        var weights = QueryWeighting.Compute("sourdough starter", 1, 1, [], []);

        Assert.Equal(1.3, weights.Keyword / weights.Dense, 6);
    }

    [Fact]
    public void Compute_LongNaturalQuestion_FavoursDense()
    {
        var weights = QueryWeighting.Compute("How do honeybees tell each other where the flowers are?", 1, 1, [], []);

        Assert.True(weights.Dense > weights.Keyword);
    }

    [Fact]
    public void Compute_PlainStatement_KeepsBaseWeights()
    {
        var weights = QueryWeighting.Compute("volcanic soils hold water well for vineyards", 0.8, 1.2, [], []);

        Assert.Equal(0.8, weights.Dense);
        Assert.Equal(1.2, weights.Keyword);
        Assert.Empty(weights.Reasons);
    }

    [Fact]
    public void Compute_ClearTopHits_RaiseThatListsWeight()
    {
        var statement = "volcanic soils hold water well for vineyards";

        var denseMargin = QueryWeighting.Compute(statement, 1, 1, [0.70, 0.50], [10, 9.5]);
        var keywordMargin = QueryWeighting.Compute(statement, 1, 1, [0.70, 0.69], [10, 5]);

        Assert.True(denseMargin.Dense > denseMargin.Keyword);
        Assert.True(keywordMargin.Keyword > keywordMargin.Dense);
    }

    [Fact]
    public void Compute_EveryCueAtOnce_StaysWithinTheFactorBounds()
    {
        var weights = QueryWeighting.Compute("\"ERR_042 HTTP_500\"", 1, 1, [0.9, 0.1], [10, 1]);

        Assert.Equal(QueryWeighting.MaxFactor, weights.Keyword);
        Assert.Equal(1.2, weights.Dense, 6);
    }

    [Fact]
    public void Compute_LongQuestionWithFlatKeywordScores_LeansOnDense()
    {
        const string question = "How do I make one moving picture file with a frame per drawing and how fast does it play?";

        var flat = QueryWeighting.Compute(question, 1, 1, [0.35, 0.33], [16.2, 15.8, 15.2, 15.0, 14.9]);
        var peaked = QueryWeighting.Compute(question, 1, 1, [0.35, 0.33], [16.2, 9.1, 8.0, 7.5, 7.0]);

        Assert.True(flat.Keyword < peaked.Keyword);
        Assert.True(flat.Dense / flat.Keyword >= 5);
        Assert.Contains(flat.Reasons, r => r.Contains("flat keyword list", StringComparison.Ordinal));
    }

    [Fact]
    public void Compute_ShortQueryWithFlatKeywordScores_KeepsKeyword()
    {
        var weights = QueryWeighting.Compute("sourdough hydration", 1, 1, [], [5.0, 4.9, 4.9, 4.8, 4.8]);

        Assert.DoesNotContain(weights.Reasons, r => r.Contains("flat keyword list", StringComparison.Ordinal));
        Assert.True(weights.Keyword >= 1);
    }
}
