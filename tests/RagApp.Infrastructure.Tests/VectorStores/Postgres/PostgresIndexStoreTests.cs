using RagApp.Core.Retrieval;
using RagApp.Infrastructure.VectorStores.Postgres;
using static RagApp.Infrastructure.Tests.VectorStores.Postgres.PostgresTestData;
using Xunit;

namespace RagApp.Infrastructure.Tests.VectorStores.Postgres;

/// <summary>Writes and reads of <see cref="PostgresIndexStore"/> on a real PostgreSQL (PGlite or RAGAPP_TEST_POSTGRES).</summary>
[Collection(PostgresServerDefinition.Name)]
public sealed class PostgresIndexStoreTests(PgliteServerFixture server) : IAsyncLifetime
{
    private PostgresIndexStore _store = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = new PostgresIndexStore(server.ConnectionString, schema: server.NewSchema());
        await _store.OpenAsync(Fingerprint(), Ct);
    }

    public async ValueTask DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task OpenAsync_NewSchema_RecordsFingerprintAndDescribesServerWithoutSecrets()
    {
        var statistics = await _store.GetStatisticsAsync(Ct);

        Assert.Equal(0, statistics.Documents);
        Assert.Equal(0, statistics.Chunks);
        Assert.Equal(Fingerprint().Key, statistics.Fingerprint);
        Assert.Matches(@"^postgres \d+(\.\d+)* .*\(.+:\d+/.+\)$", statistics.Store);
        Assert.DoesNotContain("Password", statistics.Store, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ReplaceDocumentAsync_NewDocument_StoresManifestAndChunksExactly()
    {
        var (manifest, chunks) = Document("guide/intro.md", "First chunk about sailing.", "Second chunk about knots.");
        chunks[1].Page = 3;
        chunks[1].PageEnd = 4;

        await _store.ReplaceDocumentAsync(manifest, chunks, Ct);

        Assert.Equal(manifest, await _store.GetDocumentAsync("guide/intro.md", Ct));
        var stored = await _store.GetChunksAsync("guide/intro.md", Ct);
        Assert.Equal(2, stored.Count);
        for (var i = 0; i < chunks.Length; i++)
        {
            Assert.Equal(chunks[i].Id, stored[i].Id);
            Assert.Equal(chunks[i].Text, stored[i].Text);
            Assert.Equal(chunks[i].Title, stored[i].Title);
            Assert.Equal(chunks[i].Section, stored[i].Section);
            Assert.Equal(chunks[i].Page, stored[i].Page);
            Assert.Equal(chunks[i].PageEnd, stored[i].PageEnd);
            Assert.Equal(chunks[i].Ordinal, stored[i].Ordinal);
            Assert.Equal(chunks[i].FileType, stored[i].FileType);
            Assert.Equal(chunks[i].EmbeddingHash, stored[i].EmbeddingHash);
            Assert.Equal(chunks[i].Vector.ToArray(), stored[i].Vector.ToArray());
        }
    }

    [Fact]
    public async Task ReplaceDocumentAsync_ExistingDocument_ReplacesAllItsChunksOnly()
    {
        var (first, firstChunks) = Document("a.md", "old one", "old two", "old three");
        var (other, otherChunks) = Document("b.md", "other document");
        await _store.ReplaceDocumentAsync(first, firstChunks, Ct);
        await _store.ReplaceDocumentAsync(other, otherChunks, Ct);

        var (second, secondChunks) = Document("a.md", "new one", "new two");
        await _store.ReplaceDocumentAsync(second, secondChunks, Ct);

        Assert.Equal(["new one", "new two"], (await _store.GetChunksAsync("a.md", Ct)).Select(c => c.Text));
        Assert.Equal(second.ContentSha256, (await _store.GetDocumentAsync("a.md", Ct))!.ContentSha256);
        Assert.Single(await _store.GetChunksAsync("b.md", Ct));
        var statistics = await _store.GetStatisticsAsync(Ct);
        Assert.Equal((2, 3), (statistics.Documents, statistics.Chunks));
    }

    [Fact]
    public async Task ReplaceDocumentAsync_ChunkOfAnotherSource_IsRefusedAndNothingIsWritten()
    {
        var (manifest, _) = Document("a.md", "text");
        var foreign = Chunk("b.md", 0, "text");

        await Assert.ThrowsAsync<ArgumentException>(() => _store.ReplaceDocumentAsync(manifest, [foreign], Ct));

        Assert.Null(await _store.GetDocumentAsync("a.md", Ct));
    }

    [Fact]
    public async Task ReplaceDocumentAsync_ChunkIdHeldByAnotherDocument_IsRefusedAndNothingChanges()
    {
        var (a, aChunks) = Document("a.md", "alpha");
        await _store.ReplaceDocumentAsync(a, aChunks, Ct);
        var stolen = Chunk("b.md", 0, "beta");
        stolen.Id = aChunks[0].Id;

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _store.ReplaceDocumentAsync(Manifest("b.md", 1), [stolen], Ct));

        Assert.Contains("already belongs to 'a.md'", error.Message, StringComparison.Ordinal);
        Assert.Null(await _store.GetDocumentAsync("b.md", Ct));
        Assert.Equal(["alpha"], (await _store.GetChunksAsync("a.md", Ct)).Select(c => c.Text));
    }

    [Fact]
    public async Task ReplaceDocumentAsync_TextWithNulCharacter_IsStoredWithoutIt()
    {
        var (manifest, chunks) = Document("nul.pdf", "before\0after");

        await _store.ReplaceDocumentAsync(manifest, chunks, Ct);

        Assert.Equal("beforeafter", (await _store.GetChunksAsync("nul.pdf", Ct))[0].Text);
    }

    [Fact]
    public async Task RemoveDocumentAsync_RemovesDocumentAndChunks_ThenReportsAbsence()
    {
        var (a, aChunks) = Document("a.md", "alpha", "beta");
        var (b, bChunks) = Document("b.md", "gamma");
        await _store.ReplaceDocumentAsync(a, aChunks, Ct);
        await _store.ReplaceDocumentAsync(b, bChunks, Ct);

        Assert.True(await _store.RemoveDocumentAsync("a.md", Ct));
        Assert.False(await _store.RemoveDocumentAsync("a.md", Ct));

        Assert.Null(await _store.GetDocumentAsync("a.md", Ct));
        Assert.Empty(await _store.GetChunksAsync("a.md", Ct));
        Assert.Empty(await _store.KeywordSearchAsync("alpha beta", 10, null, Ct));
        Assert.Equal(["b.md"], await _store.ListDocumentsAsync(Ct).Select(d => d.Source).ToListAsync(Ct));
    }

    [Fact]
    public async Task TouchDocumentAsync_UpdatesOnlyAnExistingManifest()
    {
        var (manifest, chunks) = Document("a.md", "alpha");
        Assert.False(await _store.TouchDocumentAsync(manifest, Ct));
        Assert.Null(await _store.GetDocumentAsync("a.md", Ct));
        await _store.ReplaceDocumentAsync(manifest, chunks, Ct);

        var touched = manifest with { ModifiedUtc = manifest.ModifiedUtc.AddDays(1), FullPath = "/moved/a.md" };
        Assert.True(await _store.TouchDocumentAsync(touched, Ct));

        Assert.Equal(touched, await _store.GetDocumentAsync("a.md", Ct));
        Assert.Single(await _store.GetChunksAsync("a.md", Ct));
    }

    [Fact]
    public async Task ListDocumentsAsync_ReturnsEveryManifest()
    {
        var docs = new[] { Document("z.md", "z"), Document("a/b.pdf", "b"), Document("m.html", "m") };
        foreach (var (manifest, chunks) in docs)
        {
            await _store.ReplaceDocumentAsync(manifest, chunks, Ct);
        }

        var listed = await _store.ListDocumentsAsync(Ct).ToListAsync(Ct);

        Assert.Equal(docs.Select(d => d.Manifest).OrderBy(m => m.Source, StringComparer.Ordinal), listed);
    }

    [Fact]
    public async Task ListDocumentsAsync_WritingWhileIterating_DoesNotBlock()
    {
        foreach (var source in new[] { "a.md", "b.md", "c.md" })
        {
            var (manifest, chunks) = Document(source, "text of " + source);
            await _store.ReplaceDocumentAsync(manifest, chunks, Ct);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await foreach (var document in _store.ListDocumentsAsync(timeout.Token))
        {
            Assert.True(await _store.RemoveDocumentAsync(document.Source, timeout.Token));
        }

        Assert.Equal(0, (await _store.GetStatisticsAsync(Ct)).Documents);
    }

    [Fact]
    public async Task GetCachedVectorsAsync_ReturnsVectorsOfKnownHashesOnly()
    {
        var (manifest, chunks) = Document("a.md", "alpha", "beta");
        await _store.ReplaceDocumentAsync(manifest, chunks, Ct);

        var cached = await _store.GetCachedVectorsAsync([chunks[1].EmbeddingHash, "unknown", chunks[1].EmbeddingHash], Ct);

        Assert.Equal([chunks[1].EmbeddingHash], cached.Keys);
        Assert.Equal(chunks[1].Vector.ToArray(), cached[chunks[1].EmbeddingHash].ToArray());
        Assert.Empty(await _store.GetCachedVectorsAsync([], Ct));
    }
}
