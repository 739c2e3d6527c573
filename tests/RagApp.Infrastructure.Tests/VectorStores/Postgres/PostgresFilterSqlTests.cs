using System.Text.RegularExpressions;
using RagApp.Infrastructure.VectorStores.Postgres;
using Xunit;

namespace RagApp.Infrastructure.Tests.VectorStores.Postgres;

/// <summary>The glob translation (the regexes use only constructs that .NET and PostgreSQL read alike; the SQL matches with ~*, ignoring case).</summary>
public sealed class PostgresFilterSqlTests
{
    [Theory]
    [InlineData("docs/**/*.md", "docs/a.md", true)]
    [InlineData("docs/**/*.md", "docs/x/y/a.md", true)]
    [InlineData("docs/**/*.md", "docs/a.txt", false)]
    [InlineData("docs/**/*.md", "other/docs/a.md", false)]
    [InlineData("*.md", "a.md", true)]
    [InlineData("*.md", "sub/a.md", true)]
    [InlineData("docs/*", "docs/deep/a.md", false)]
    [InlineData("DOCS\\*.MD", "docs/a.md", true)]
    [InlineData("**", "any/thing.pdf", true)]
    [InlineData("report-?.pdf", "report-1.pdf", true)]
    [InlineData("report-?.pdf", "report-12.pdf", false)]
    [InlineData("a+b (1)[x].md", "a+b (1)[x].md", true)]
    [InlineData("a+b (1)[x].md", "aab (1)x.md", false)]
    [InlineData("notes/ü*.txt", "notes/über.txt", true)]
    public void GlobToRegex_MatchesLikeAGlob(string glob, string source, bool expected)
    {
        Assert.Equal(expected, Regex.IsMatch(source, PostgresFilterSql.GlobToRegex(glob), RegexOptions.IgnoreCase));
    }
}
