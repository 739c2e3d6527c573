using RagApp.Core.Retrieval;
using RagApp.Infrastructure.VectorStores.Postgres;
using static RagApp.Infrastructure.Tests.VectorStores.Postgres.PostgresTestData;
using Xunit;

namespace RagApp.Infrastructure.Tests.VectorStores.Postgres;

/// <summary>Dense, keyword and filtered search of <see cref="PostgresIndexStore"/> on a real PostgreSQL.</summary>
[Collection(PostgresServerDefinition.Name)]
public sealed class PostgresIndexStoreSearchTests(PgliteServerFixture server) : IAsyncLifetime
{
    private PostgresIndexStore _store = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = new PostgresIndexStore(server.ConnectionString, schema: server.NewSchema());
        await _store.OpenAsync(Fingerprint(), Ct);
        await AddAsync("docs/sailing.md", ("Sailing boats use wind and sails to move across the water.", Vector(0)),
            ("Knots: the bowline makes a fixed loop at the end of a rope.", Vector(1)));
        await AddAsync("docs/deep/cooking.pdf", ("Cooking pasta: boil water, add salt, then the pasta.", Vector(2, 0.2f)),
            ("Running water cools the pasta quickly.", Vector(3)));
        await AddAsync("notes.txt", ("A note about wind turbines and running costs.", Vector(0, 0.5f)));
    }

    public async ValueTask DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task DenseSearchAsync_ReturnsNearestFirstWithCosineSimilarity()
    {
        var results = await _store.DenseSearchAsync(Vector(0, 0.3f), 3, null, Ct);
        var exact = await _store.DenseSearchAsync(Vector(3), 1, null, Ct);

        Assert.Equal(["A", "Sailing", "Knots:"], results.Select(r => r.Chunk.Text.Split(' ')[0]));
        Assert.Equal(1.15 / (Math.Sqrt(1.09) * Math.Sqrt(1.25)), results[0].Score, 5);
        Assert.Equal(1 / Math.Sqrt(1.09), results[1].Score, 5);
        Assert.Equal(0.3 / Math.Sqrt(1.09), results[2].Score, 5);
        Assert.All(results, r => Assert.Equal(Dimensions, r.Chunk.Vector.Length));
        Assert.Equal("Running water cools the pasta quickly.", exact.Single().Chunk.Text);
        Assert.Equal(1.0, exact[0].Score, 5);
    }

    [Fact]
    public async Task DenseSearchAsync_WithFilters_SearchesOnlyMatchingDocuments()
    {
        var pdfOnly = await _store.DenseSearchAsync(Vector(0), 10, new SearchFilter(FileTypes: ["PDF"]), Ct);
        var underDocs = await _store.DenseSearchAsync(Vector(0), 10, new SearchFilter("docs/**"), Ct);
        var topLevelMarkdown = await _store.DenseSearchAsync(Vector(0), 10, new SearchFilter("docs/*.md", ["md", "txt"]), Ct);

        Assert.Equal(["docs/deep/cooking.pdf"], pdfOnly.Select(r => r.Chunk.Source).Distinct());
        Assert.Equal(2, pdfOnly.Count);
        Assert.Equal(4, underDocs.Count);
        Assert.DoesNotContain(underDocs, r => r.Chunk.Source == "notes.txt");
        Assert.Equal(["docs/sailing.md"], topLevelMarkdown.Select(r => r.Chunk.Source).Distinct());
    }

    [Fact]
    public async Task DenseSearchAsync_WrongDimensions_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.DenseSearchAsync(new float[3], 5, null, Ct));
    }

    [Fact]
    public async Task KeywordSearchAsync_MatchesStemsAndRanksMoreMatchesFirst()
    {
        var results = await _store.KeywordSearchAsync("run water", 10, null, Ct);

        // "Running water" holds both words; the others one each (stemmed: running -> run).
        Assert.Equal("Running water cools the pasta quickly.", results[0].Chunk.Text);
        Assert.Equal(4, results.Count);
        Assert.True(results[0].Score > results[^1].Score);
        Assert.DoesNotContain(results, r => r.Chunk.Text.StartsWith("Knots", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KeywordSearchAsync_WithFilter_SearchesOnlyMatchingDocuments()
    {
        var results = await _store.KeywordSearchAsync("water wind", 10, new SearchFilter("**/*.md"), Ct);

        Assert.Equal(["docs/sailing.md"], results.Select(r => r.Chunk.Source));
    }

    [Fact]
    public async Task KeywordSearchAsync_AccentedText_MatchesWithOrWithoutAccents()
    {
        await AddAsync("fr.md", ("Crème brûlée au café, naïve recipe.", Vector(4)));

        Assert.Equal("fr.md", Assert.Single(await _store.KeywordSearchAsync("creme brulee", 10, null, Ct)).Chunk.Source);
        Assert.Equal("fr.md", Assert.Single(await _store.KeywordSearchAsync("café naïve", 10, null, Ct)).Chunk.Source);
        Assert.Equal("Crème brûlée au café, naïve recipe.", (await _store.GetChunksAsync("fr.md", Ct))[0].Text);
    }

    [Theory]
    [InlineData("\"unbalanced quote about wind")]
    [InlineData("wind & !water | (salt")]
    [InlineData("wind'; DROP TABLE chunks; --")]
    [InlineData("pasta:* <-> wind \\ ")]
    [InlineData("🌬️ wind 🚤")]
    [InlineData("OR AND NOT -wind +water")]
    public async Task KeywordSearchAsync_HostileQuery_FindsTheWordsWithoutThrowing(string query)
    {
        var results = await _store.KeywordSearchAsync(query, 10, null, Ct);

        Assert.NotEmpty(results);
        Assert.Equal(5, (await _store.GetStatisticsAsync(Ct)).Chunks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("the and of a")]
    [InlineData("!!! ??? ***")]
    [InlineData("🙂🙃")]
    public async Task KeywordSearchAsync_NoSearchableWord_ReturnsEmpty(string query)
    {
        Assert.Empty(await _store.KeywordSearchAsync(query, 10, null, Ct));
    }

    [Fact]
    public async Task KeywordSearchAsync_TenThousandCharacters_Works()
    {
        var query = string.Concat(Enumerable.Repeat("pasta \"x\" & | ! ", 700))[..10_000];

        var results = await _store.KeywordSearchAsync(query, 10, null, Ct);

        Assert.Equal(2, results.Count);
    }

    private async Task AddAsync(string source, params (string Text, float[] Vector)[] chunks)
    {
        var records = chunks.Select((c, i) => Chunk(source, i, c.Text, c.Vector)).ToArray();
        await _store.ReplaceDocumentAsync(Manifest(source, records.Length), records, Ct);
    }
}
