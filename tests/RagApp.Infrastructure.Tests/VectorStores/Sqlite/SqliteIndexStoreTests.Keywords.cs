using RagApp.Infrastructure.VectorStores.Sqlite;
using Xunit;

namespace RagApp.Infrastructure.Tests.VectorStores.Sqlite;

public sealed partial class SqliteIndexStoreTests
{
    [Fact]
    public async Task KeywordSearchAsync_SmallIndex_KeepsEveryTerm()
    {
        var store = await SeedCommonAndRareAsync();

        var results = await store.KeywordSearchAsync("common rare", 20, null, Ct);

        Assert.Equal(10, results.Count);
        Assert.Equal("doc3.md", results[0].Chunk.Source);
    }

    [Fact]
    public async Task KeywordSearchAsync_LargeIndex_DropsTermsOfMostChunksWhenRarerTermsExist()
    {
        var store = await SeedCommonAndRareAsync();
        store.CommonTermMinimumChunks = 0;

        var withRare = await store.KeywordSearchAsync("common rare", 20, null, Ct);
        var commonOnly = await store.KeywordSearchAsync("common", 20, null, Ct);
        var withUnknown = await store.KeywordSearchAsync("rare unknownword", 20, null, Ct);
        var unknownOnly = await store.KeywordSearchAsync("unknownword otherunknown", 20, null, Ct);

        Assert.Equal(["doc3.md"], withRare.Select(r => r.Chunk.Source));
        Assert.Equal(10, commonOnly.Count);
        Assert.Equal(["doc3.md"], withUnknown.Select(r => r.Chunk.Source));
        Assert.Empty(unknownOnly);
    }

    private async Task<SqliteIndexStore> SeedCommonAndRareAsync()
    {
        var store = (SqliteIndexStore)await OpenStoreAsync();
        for (var i = 0; i < 10; i++)
        {
            await AddDocumentAsync(store, $"doc{i}.md", ($"common words here {(i == 3 ? "rare" : "")}", Vector(i % Dimensions)));
        }

        return store;
    }
}
