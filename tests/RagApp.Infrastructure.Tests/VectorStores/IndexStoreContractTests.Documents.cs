using Xunit;
using RagApp.Core.Embeddings;
using RagApp.Core.Retrieval;

namespace RagApp.Infrastructure.Tests.VectorStores;

public abstract partial class IndexStoreContractTests
{
    [Fact]
    public async Task OpenAsync_NewIndex_IsEmpty()
    {
        var store = await OpenStoreAsync();

        var statistics = await store.GetStatisticsAsync(Ct);

        Assert.Equal(0, statistics.Documents);
        Assert.Equal(0, statistics.Chunks);
        Assert.Empty(await store.ListDocumentsAsync(Ct).ToListAsync(Ct));
        Assert.Null(await store.GetDocumentAsync("a.md", Ct));
    }

    [Fact]
    public async Task ReplaceDocumentAsync_Reopened_KeepsManifestAndChunks()
    {
        var first = await OpenStoreAsync();
        await AddDocumentAsync(first, "guide/a.md", ("alpha text", Vector(0)), ("beta text", Vector(1)));
        await first.DisposeAsync();

        var second = await OpenStoreAsync();
        var manifest = await second.GetDocumentAsync("guide/a.md", Ct);
        var chunks = await second.GetChunksAsync("guide/a.md", Ct);

        Assert.Equal(Manifest("guide/a.md", 2), manifest);
        Assert.Equal(["alpha text", "beta text"], chunks.Select(c => c.Text));
        Assert.Equal(Vector(1), chunks[1].Vector.ToArray());
        Assert.Equal("Intro > Details", chunks[1].Section);
        Assert.Equal("md", chunks[1].FileType);
    }

    [Fact]
    public async Task OpenAsync_OtherFingerprint_RefusedWithHowToReindex()
    {
        var store = await OpenStoreAsync();
        await AddDocumentAsync(store, "a.md", ("alpha", Vector(0)));
        await store.DisposeAsync();
        var other = TestFingerprint with { ModelName = "other-encoder", ModelSha256 = "ffffffffffffffffffff" };

        var ex = await Assert.ThrowsAsync<IndexMismatchException>(() => OpenStoreAsync(other));

        Assert.Contains("test-encoder", ex.Message, StringComparison.Ordinal);
        Assert.Contains("other-encoder", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ragapp ingest", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public async Task OpenAsync_OtherQuantization_RefusalCarriesTheStoredFingerprintAndTheStoreStillOpens()
    {
        // The CLI reads an int8 index with int8 queries: it learns the index's setting from the refusal, then opens the
        // same store instance again with it.
        var first = await OpenStoreAsync();
        await AddDocumentAsync(first, "a.md", ("alpha", Vector(0)));
        await first.DisposeAsync();
        var store = CreateStore();
        await using var disposeStore = store;

        var ex = await Assert.ThrowsAsync<IndexMismatchException>(() => store.OpenAsync(TestFingerprint with { Quantization = "int8" }, Ct));
        await store.OpenAsync(TestFingerprint, Ct);

        Assert.Equal(TestFingerprint.Key, ex.StoredFingerprintKey);
        Assert.Equal(1, (await store.GetStatisticsAsync(Ct)).Documents);
    }

    [Fact]
    public async Task ReplaceDocumentAsync_Twice_ReplacesChunksWithoutDuplicates()
    {
        var store = await OpenStoreAsync();
        await AddDocumentAsync(store, "a.md", ("old one", Vector(0)), ("old two", Vector(1)), ("old three", Vector(2)));
        await AddDocumentAsync(store, "b.md", ("other doc", Vector(3)));

        var replacement = new[] { Chunk("a.md", 0, "new one", Vector(4)) };
        await store.ReplaceDocumentAsync(Manifest("a.md", 1, "sha-2"), replacement, Ct);

        Assert.Equal(["new one"], (await store.GetChunksAsync("a.md", Ct)).Select(c => c.Text));
        Assert.Equal("sha-2", (await store.GetDocumentAsync("a.md", Ct))!.ContentSha256);
        var statistics = await store.GetStatisticsAsync(Ct);
        Assert.Equal(2, statistics.Documents);
        Assert.Equal(2, statistics.Chunks);
        Assert.Empty(await store.KeywordSearchAsync("old", 10, null, Ct));
        var dense = await store.DenseSearchAsync(Vector(0), 10, null, Ct);
        Assert.Equal(["new one", "other doc"], dense.Select(d => d.Chunk.Text).Order());
    }

    [Fact]
    public async Task RemoveDocumentAsync_Present_ForgetsDocumentAndChunks()
    {
        var store = await OpenStoreAsync();
        await AddDocumentAsync(store, "a.md", ("apple pie", Vector(0)));
        await AddDocumentAsync(store, "b.md", ("banana bread", Vector(1)));
        Assert.Equal(2, (await store.DenseSearchAsync(Vector(0), 10, null, Ct)).Count);

        Assert.True(await store.RemoveDocumentAsync("a.md", Ct));
        Assert.False(await store.RemoveDocumentAsync("a.md", Ct));

        Assert.Null(await store.GetDocumentAsync("a.md", Ct));
        Assert.Empty(await store.GetChunksAsync("a.md", Ct));
        Assert.Empty(await store.KeywordSearchAsync("apple", 10, null, Ct));
        Assert.Equal(["b.md"], (await store.DenseSearchAsync(Vector(0), 10, null, Ct)).Select(d => d.Chunk.Source));
        Assert.Equal(["b.md"], await store.ListDocumentsAsync(Ct).Select(m => m.Source).ToListAsync(Ct));
    }

    [Fact]
    public async Task TouchDocumentAsync_UpdatesManifestOnly()
    {
        var store = await OpenStoreAsync();
        await AddDocumentAsync(store, "a.md", ("apple pie", Vector(0)));
        var touched = Manifest("a.md", 1) with { ModifiedUtc = new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.FromHours(2)), SizeBytes = 99 };

        Assert.True(await store.TouchDocumentAsync(touched, Ct));
        Assert.False(await store.TouchDocumentAsync(Manifest("absent.md", 1), Ct));

        Assert.Equal(touched, await store.GetDocumentAsync("a.md", Ct));
        Assert.Null(await store.GetDocumentAsync("absent.md", Ct));
        Assert.Single(await store.GetChunksAsync("a.md", Ct));
    }

    [Fact]
    public async Task GetCachedVectorsAsync_KnownAndUnknownHashes_ReturnsKnownOnly()
    {
        var store = await OpenStoreAsync();
        var chunks = new[] { Chunk("a.md", 0, "one", Vector(2), embeddingHash: "h1"), Chunk("a.md", 1, "two", Vector(5), embeddingHash: "h2") };
        await store.ReplaceDocumentAsync(Manifest("a.md", 2), chunks, Ct);

        var cached = await store.GetCachedVectorsAsync(["h2", "h1", "nope"], Ct);

        Assert.Equal(2, cached.Count);
        Assert.Equal(Vector(2), cached["h1"].ToArray());
        Assert.Equal(Vector(5), cached["h2"].ToArray());
        Assert.Empty(await store.GetCachedVectorsAsync([], Ct));
    }

    [Fact]
    public async Task GetStatisticsAsync_AfterWrites_CountsAndNamesEncoder()
    {
        var store = await OpenStoreAsync();
        await AddDocumentAsync(store, "a.md", ("one", Vector(0)), ("two", Vector(1)));
        await AddDocumentAsync(store, "b.pdf", ("three", Vector(2)));

        var statistics = await store.GetStatisticsAsync(Ct);

        Assert.Equal(2, statistics.Documents);
        Assert.Equal(3, statistics.Chunks);
        Assert.False(string.IsNullOrWhiteSpace(statistics.Store));
        Assert.Contains("test-encoder", statistics.Fingerprint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplaceDocumentAsync_TwoInstancesConcurrently_AllWritesLand()
    {
        var first = await OpenStoreAsync();
        var second = await OpenStoreAsync();

        async Task WriteManyAsync(IIndexStore store, string prefix)
        {
            for (var i = 0; i < 15; i++)
            {
                await AddDocumentAsync(store, $"{prefix}/{i}.md", ($"{prefix} shared words number{i}", Vector(i % Dimensions)), ("second chunk", Vector(1)));
            }
        }

        await Task.WhenAll(Task.Run(() => WriteManyAsync(first, "left"), Ct), Task.Run(() => WriteManyAsync(second, "right"), Ct));

        var statistics = await first.GetStatisticsAsync(Ct);
        Assert.Equal(30, statistics.Documents);
        Assert.Equal(60, statistics.Chunks);
        Assert.Equal(15, (await second.KeywordSearchAsync("left", 100, null, Ct)).Count);
        Assert.Equal(15, (await first.KeywordSearchAsync("right", 100, null, Ct)).Count);
        Assert.Equal(60, (await first.DenseSearchAsync(Vector(1), 100, null, Ct)).Count);
    }

    [Fact]
    public async Task ReplaceDocumentAsync_VectorOfWrongLength_Throws()
    {
        var store = await OpenStoreAsync();
        var chunk = Chunk("a.md", 0, "text", new float[Dimensions + 1]);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.ReplaceDocumentAsync(Manifest("a.md", 1), [chunk], Ct));

        Assert.Null(await store.GetDocumentAsync("a.md", Ct));
    }

    [Fact]
    public async Task ReplaceDocumentAsync_ChunkIdOfAnotherDocument_RefusedAndNothingChanges()
    {
        var store = await OpenStoreAsync();
        await AddDocumentAsync(store, "a.md", ("alpha", Vector(0)));
        var stolen = Chunk("a.md", 0, "alpha", Vector(0));
        stolen.Source = "b.md";

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.ReplaceDocumentAsync(Manifest("b.md", 1), [stolen], Ct));

        Assert.Null(await store.GetDocumentAsync("b.md", Ct));
        Assert.Equal(["alpha"], (await store.GetChunksAsync("a.md", Ct)).Select(c => c.Text));
    }
}
