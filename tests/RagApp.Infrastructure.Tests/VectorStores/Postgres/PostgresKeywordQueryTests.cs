using RagApp.Infrastructure.VectorStores.Postgres;
using Xunit;

namespace RagApp.Infrastructure.Tests.VectorStores.Postgres;

public sealed class PostgresKeywordQueryTests
{
    [Theory]
    [InlineData("Hello, World! hello", "hello | world")]
    [InlineData("a & b | !c <-> (d:*)", "a | b | c | d")]
    [InlineData("'quoted' \"double\" back\\slash", "quoted | double | back | slash")]
    [InlineData("COVID-19 Ünïcödé 東京", "covid | 19 | unicode | 東京")]
    [InlineData("wind 🌬️ boats", "wind | boats")]
    public void Build_AnyText_KeepsOnlyWordsJoinedWithOr(string query, string expected)
    {
        Assert.Equal(expected, PostgresKeywordQuery.Build(query));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \t\n ")]
    [InlineData("&|!():*<->'\"\\")]
    [InlineData("🙂🙃")]
    public void Build_NoWord_ReturnsNull(string query)
    {
        Assert.Null(PostgresKeywordQuery.Build(query));
    }

    [Fact]
    public void Build_HugeQuery_KeepsAtMostTheTermLimitOfBoundedLength()
    {
        var query = string.Join(' ', Enumerable.Range(0, 5000).Select(i => "w" + i)) + " " + new string('x', 10_000);

        var terms = PostgresKeywordQuery.Build(query)!.Split(" | ");

        Assert.Equal(PostgresKeywordQuery.MaxTerms, terms.Length);
        Assert.Equal("w0", terms[0]);
        Assert.All(terms, t => Assert.True(t.Length <= PostgresKeywordQuery.MaxTermLength));
    }
}
