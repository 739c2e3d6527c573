using RagApp.Infrastructure.VectorStores.Sqlite;
using Xunit;

namespace RagApp.Infrastructure.Tests.VectorStores.Sqlite;

public sealed partial class SqliteIndexStoreTests
{
    private string DatabaseFile => Path.Combine(_folder, SqliteIndexStore.FileName);

    private string CacheFile => Path.Combine(_folder, SqliteIndexStore.VectorCacheFileName);

    [Fact]
    public async Task DenseSearchAsync_NewInstance_UsesVectorCacheUntilTheIndexChanges()
    {
        var first = await OpenStoreAsync();
        await AddDocumentAsync(first, "a.md", ("alpha", Vector(0)), ("beta", Vector(1)));
        await first.DenseSearchAsync(Vector(0), 1, null, Ct);
        Assert.True(File.Exists(CacheFile));

        // Swap the two vectors behind the store's back, without counting a write: a fresh instance still ranks by the cache.
        await ExecuteAsync(DatabaseFile, "UPDATE chunks SET vector = (SELECT vector FROM chunks WHERE text = 'beta') WHERE text = 'alpha';");
        var second = await OpenStoreAsync();
        Assert.Equal("alpha", (await second.DenseSearchAsync(Vector(0), 1, null, Ct))[0].Chunk.Text);

        // Once the write counter moves, the cache is stale and the vectors are read from the database again.
        await ExecuteAsync(DatabaseFile, "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation';");
        var third = await OpenStoreAsync();
        Assert.Equal(2, (await third.DenseSearchAsync(Vector(1), 2, null, Ct)).Count(r => r.Score > 0.999));
        Assert.Equal(0, (await third.DenseSearchAsync(Vector(0), 2, null, Ct)).Count(r => r.Score > 0.999));
    }

    [Fact]
    public async Task DenseSearchAsync_DamagedVectorCache_Ignored()
    {
        var first = await OpenStoreAsync();
        await AddDocumentAsync(first, "a.md", ("alpha", Vector(0)), ("beta", Vector(1)));
        await first.DenseSearchAsync(Vector(0), 1, null, Ct);
        var bytes = await File.ReadAllBytesAsync(CacheFile, Ct);
        await File.WriteAllBytesAsync(CacheFile, bytes[..(bytes.Length / 2)], Ct);

        var second = await OpenStoreAsync();
        var results = await second.DenseSearchAsync(Vector(1), 2, null, Ct);

        Assert.Equal(["beta", "alpha"], results.Select(r => r.Chunk.Text));
    }

    [Fact]
    public async Task OpenAsync_IndexWithoutAnId_GetsOneSoTheVectorCacheIsWritten()
    {
        var first = await OpenStoreAsync();
        await AddDocumentAsync(first, "a.md", ("alpha", Vector(0)));
        await first.DisposeAsync();
        await ExecuteAsync(DatabaseFile, "DELETE FROM meta WHERE key = 'index_id';"); // as made by a version before the id
        File.Delete(CacheFile);

        var second = await OpenStoreAsync();
        var results = await second.DenseSearchAsync(Vector(0), 1, null, Ct);

        Assert.Equal("alpha", Assert.Single(results).Chunk.Text);
        Assert.True(File.Exists(CacheFile));
    }
}
