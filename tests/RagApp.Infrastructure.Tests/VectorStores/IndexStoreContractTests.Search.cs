using Xunit;
using RagApp.Core.Retrieval;

namespace RagApp.Infrastructure.Tests.VectorStores;

public abstract partial class IndexStoreContractTests
{
    public static TheoryData<string> HostileQueries => new()
    {
        "\"", "\"unbalanced quote", "a \"quoted\" phrase\"", "AND", "OR NOT AND", "apple AND NOT (banana OR",
        "NEAR(apple pie, 2)", "*", "app*", "text:apple", "^apple", "((()))", "{apple pie}", "-apple +pie",
        "apple's pie", "🍎🥧 apple 🍏", "🙂", "the and of to a", "", "   ", "\t\n", "\0 apple",
        "naïve café crème brûlée", "日本語のテキスト", "x' OR 1=1; DROP TABLE chunks; --", new string('a', 10_000),
        string.Join(' ', Enumerable.Range(0, 2_000).Select(i => $"word{i}")),
    };

    [Fact]
    public async Task DenseSearchAsync_ConstructedVectors_OrdersByCosine()
    {
        var store = await OpenStoreAsync();
        await AddDocumentAsync(store, "a.md", ("exact", Vector(0)), ("far", Vector(3)));
        await AddDocumentAsync(store, "b.md", ("close", Vector(0, 1, 0.3f)), ("closer", Vector(0, 1, 0.1f)));

        var results = await store.DenseSearchAsync(Vector(0), 3, null, Ct);

        Assert.Equal(["exact", "closer", "close"], results.Select(r => r.Chunk.Text));
        Assert.Equal(1.0, results[0].Score, 4);
        Assert.Equal(1 / Math.Sqrt(1.01), results[1].Score, 4);
        Assert.Equal(Dimensions, results[0].Chunk.Vector.Length);
    }

    [Fact]
    public async Task DenseSearchAsync_UnnormalisedQuery_ScoresCosine()
    {
        var store = await OpenStoreAsync();
        await AddDocumentAsync(store, "a.md", ("diagonal", Vector(0, 1, 1f)));

        var results = await store.DenseSearchAsync(Vector(0).Select(x => x * 7).ToArray(), 1, null, Ct);

        Assert.Equal(Math.Sqrt(0.5), results.Single().Score, 4);
    }

    [Fact]
    public async Task DenseSearchAsync_AfterWriteByAnotherInstance_SeesIt()
    {
        var reader = await OpenStoreAsync();
        var writer = await OpenStoreAsync();
        await AddDocumentAsync(reader, "a.md", ("first", Vector(1)));
        Assert.Equal(["first"], (await reader.DenseSearchAsync(Vector(0), 5, null, Ct)).Select(r => r.Chunk.Text));

        await AddDocumentAsync(writer, "b.md", ("second", Vector(0)));
        await AddDocumentAsync(reader, "c.md", ("third", Vector(2)));

        Assert.Equal("second", (await reader.DenseSearchAsync(Vector(0), 5, null, Ct))[0].Chunk.Text);
        await writer.RemoveDocumentAsync("b.md", Ct);
        Assert.Equal(["first", "third"], (await reader.DenseSearchAsync(Vector(0), 5, null, Ct)).Select(r => r.Chunk.Text).Order());
    }

    [Fact]
    public async Task KeywordSearchAsync_TermFrequencyAndRarity_RankByBm25()
    {
        var store = await OpenStoreAsync();
        await AddDocumentAsync(store, "a.md",
            ("The quokka is a small marsupial. Quokka colonies live on Rottnest Island; a quokka smiles.", Vector(0)),
            ("Kangaroos are large marsupials found across Australia.", Vector(1)),
            ("A single quokka appears in this long sentence about islands, ferries, beaches, bicycles and tourists.", Vector(2)));
        await AddDocumentAsync(store, "b.md", ("Nothing relevant: databases, indexes and query planners.", Vector(3)));

        var results = await store.KeywordSearchAsync("quokka island", 10, null, Ct);

        Assert.Equal(2, results.Count);
        Assert.StartsWith("The quokka", results[0].Chunk.Text, StringComparison.Ordinal);
        Assert.True(results[0].Score > results[1].Score);
        Assert.Empty(await store.KeywordSearchAsync("zebra", 10, null, Ct));
    }

    [Fact]
    public async Task KeywordSearchAsync_InflectedAndAccentedForms_Match()
    {
        var store = await OpenStoreAsync();
        await AddDocumentAsync(store, "a.md", ("Running the indexes of the café", Vector(0)));

        Assert.Single(await store.KeywordSearchAsync("cafe", 5, null, Ct));
        Assert.Single(await store.KeywordSearchAsync("runs index", 5, null, Ct));
    }

    [Theory]
    [MemberData(nameof(HostileQueries))]
    public async Task KeywordSearchAsync_HostileQuery_NeverThrows(string query)
    {
        var store = await OpenStoreAsync();
        await AddDocumentAsync(store, "a.md", ("apple pie and banana bread with the naive cafe creme brulee", Vector(0)));

        var results = await store.KeywordSearchAsync(query, 10, null, Ct);

        Assert.All(results, r => Assert.Equal("a.md", r.Chunk.Source));
        if (query.Contains("apple", StringComparison.Ordinal))
        {
            Assert.Single(results);
        }
    }

    [Theory]
    [InlineData("docs/**", new[] { "docs/guide.md", "docs/deep/manual.pdf" })]
    [InlineData("docs/*", new[] { "docs/guide.md" })]
    [InlineData("**/*.pdf", new[] { "docs/deep/manual.pdf", "report.pdf" })]
    [InlineData("*.pdf", new[] { "docs/deep/manual.pdf", "report.pdf" })]
    [InlineData("docs/deep/manual.pdf", new[] { "docs/deep/manual.pdf" })]
    [InlineData("docs/?uide.md", new[] { "docs/guide.md" })]
    [InlineData("nothing/**", new string[0])]
    public async Task Search_SourceGlob_FiltersBothMethods(string glob, string[] expected)
    {
        var store = await SeedFilterCorpusAsync();
        var filter = new SearchFilter(SourceGlob: glob);

        var dense = await store.DenseSearchAsync(Vector(0), 10, filter, Ct);
        var keyword = await store.KeywordSearchAsync("common", 10, filter, Ct);

        Assert.Equal(expected.Order(), dense.Select(r => r.Chunk.Source).Order());
        Assert.Equal(expected.Order(), keyword.Select(r => r.Chunk.Source).Order());
    }

    [Fact]
    public async Task Search_FileTypesAndGlob_FilterBothMethods()
    {
        var store = await SeedFilterCorpusAsync();

        var pdfOnly = new SearchFilter(FileTypes: ["PDF"]);
        Assert.Equal(["docs/deep/manual.pdf", "report.pdf"], (await store.DenseSearchAsync(Vector(0), 10, pdfOnly, Ct)).Select(r => r.Chunk.Source).Order());
        Assert.Equal(["docs/deep/manual.pdf", "report.pdf"], (await store.KeywordSearchAsync("common", 10, pdfOnly, Ct)).Select(r => r.Chunk.Source).Order());

        var both = new SearchFilter("docs/**", ["pdf", "txt"]);
        Assert.Equal(["docs/deep/manual.pdf"], (await store.DenseSearchAsync(Vector(0), 10, both, Ct)).Select(r => r.Chunk.Source));
        Assert.Equal(["docs/deep/manual.pdf"], (await store.KeywordSearchAsync("common", 10, both, Ct)).Select(r => r.Chunk.Source));
    }

    [Fact]
    public async Task Search_TopLimitsResults()
    {
        var store = await OpenStoreAsync();
        await AddDocumentAsync(store, "a.md", [.. Enumerable.Range(0, 20).Select(i => ($"common word {i}", Vector(i % Dimensions)))]);

        Assert.Equal(5, (await store.DenseSearchAsync(Vector(0), 5, null, Ct)).Count);
        Assert.Equal(5, (await store.KeywordSearchAsync("common", 5, null, Ct)).Count);
        Assert.Empty(await store.DenseSearchAsync(Vector(0), 0, null, Ct));
    }

    private async Task<Core.Retrieval.IIndexStore> SeedFilterCorpusAsync()
    {
        var store = await OpenStoreAsync();
        foreach (var source in new[] { "docs/guide.md", "docs/deep/manual.pdf", "report.pdf", "notes.md" })
        {
            var chunk = Chunk(source, 0, $"common text of {source}", Vector(0), fileType: Path.GetExtension(source).TrimStart('.'));
            await store.ReplaceDocumentAsync(Manifest(source, 1), [chunk], Ct);
        }

        return store;
    }
}
