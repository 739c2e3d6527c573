using System.Security.Cryptography;
using RagApp.Core.Retrieval;
using RagApp.Infrastructure.VectorStores.Sqlite;
using RagApp.Tests.Shared;
using Xunit;

namespace RagApp.Infrastructure.Tests.VectorStores.Sqlite;

/// <summary>
/// An index this process cannot write (a read-only mount, another user's folder) is read all the same, and refuses writes.
/// The read-only store is opened with <see cref="SqliteIndexStore.OpenReadOnly"/> where the test may run as root, whom
/// permissions do not stop: it opens the file the same way whoever runs it.
/// </summary>
public sealed partial class SqliteIndexStoreTests
{
    [Fact]
    public async Task OpenReadOnly_ClosedIndexInReadOnlyFolder_ReadsEverythingAndCreatesNothing()
    {
        await WriteTwoDocumentsAndCloseAsync();
        ReadOnlyFolder.Apply(_folder);
        var before = Snapshot(_folder);

        await using var store = new SqliteIndexStore(_folder) { OpenReadOnly = true };
        await store.OpenAsync(TestFingerprint, Ct);
        var statistics = await store.GetStatisticsAsync(Ct);
        var dense = await store.DenseSearchAsync(Vector(1), 1, null, Ct);
        var keyword = await store.KeywordSearchAsync("gamma", 1, null, Ct);
        var manifest = await store.GetDocumentAsync("b.md", Ct);
        var chunks = await store.GetChunksAsync("a.md", Ct);

        Assert.True(store.IsReadOnly);
        Assert.Equal((2L, 3L), (statistics.Documents, statistics.Chunks));
        Assert.Equal("beta", Assert.Single(dense).Chunk.Text);
        Assert.Equal("gamma", Assert.Single(keyword).Chunk.Text);
        Assert.Equal(1, manifest?.ChunkCount);
        Assert.Equal(["alpha", "beta"], chunks.Select(c => c.Text));

        // No -wal, -shm or vector side file appeared, and the database is byte for byte the same.
        Assert.Equal(before, Snapshot(_folder));
    }

    [Fact]
    public async Task OpenReadOnly_EveryWrite_RefusedNamingTheFolderAndNothingChanges()
    {
        await WriteTwoDocumentsAndCloseAsync();
        ReadOnlyFolder.Apply(_folder);
        var before = Snapshot(_folder);
        await using var store = new SqliteIndexStore(_folder) { OpenReadOnly = true };
        await store.OpenAsync(TestFingerprint, Ct);
        var chunk = Chunk("c.md", 0, "delta", Vector(3));
        Func<Task>[] writes =
        [
            () => store.ReplaceDocumentAsync(Manifest("c.md", 1), [chunk], Ct),
            () => store.TouchDocumentAsync(Manifest("a.md", 2, "sha-2"), Ct),
            () => store.RemoveDocumentAsync("a.md", Ct),
            () => store.UpsertChunksAsync([chunk], Ct),
            () => store.DeleteChunksByIdAsync([Chunk("a.md", 0, "alpha").Id], Ct),
            () => store.DeleteAllAsync(Ct),
        ];

        foreach (var write in writes)
        {
            var ex = await Assert.ThrowsAsync<IndexReadOnlyException>(write);
            Assert.Contains($"the index at {_folder} is read-only", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', ex.Message);
        }

        Assert.Equal(2, (await store.GetStatisticsAsync(Ct)).Documents);
        Assert.Equal(before, Snapshot(_folder));
    }

    [Fact]
    public async Task OpenReadOnly_WhileAWriterHasTheIndexOpen_ReadsTheWritersCommits()
    {
        // The writer's commits sit in index.db-wal until it checkpoints: a reader that ignored that file (immutable)
        // would see no index at all.
        var writer = await OpenStoreAsync();
        await AddDocumentAsync(writer, "a.md", ("alpha", Vector(0)));
        Assert.True(File.Exists(DatabaseFile + "-wal"));

        await using var reader = new SqliteIndexStore(_folder) { OpenReadOnly = true };
        await reader.OpenAsync(TestFingerprint, Ct);
        Assert.Equal(1, (await reader.GetStatisticsAsync(Ct)).Documents);

        await AddDocumentAsync(writer, "b.md", ("beta", Vector(1)));

        Assert.Equal(2, (await reader.GetStatisticsAsync(Ct)).Documents);
        Assert.Equal("beta", (await reader.DenseSearchAsync(Vector(1), 1, null, Ct))[0].Chunk.Text);
    }

    [Fact]
    public async Task OpenReadOnly_FolderNameWithUriCharacters_Opens()
    {
        var folder = Path.Combine(_folder, "odd #1 ?x %41 name");
        await using (var writer = new SqliteIndexStore(folder))
        {
            await writer.OpenAsync(TestFingerprint, Ct);
            await AddDocumentAsync(writer, "a.md", ("alpha", Vector(0)));
        }

        await using var reader = new SqliteIndexStore(folder) { OpenReadOnly = true };
        await reader.OpenAsync(TestFingerprint, Ct);

        Assert.Equal(1, (await reader.GetStatisticsAsync(Ct)).Documents);
    }

    [Fact]
    public async Task OpenReadOnly_NoIndexFile_RefusedAndNothingCreated()
    {
        Directory.CreateDirectory(_folder);
        await using var store = new SqliteIndexStore(_folder) { OpenReadOnly = true };

        var ex = await Assert.ThrowsAsync<IndexReadOnlyException>(() => store.OpenAsync(TestFingerprint, Ct));

        Assert.Contains("no index.db", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public async Task OpenAsync_IndexThisUserMayNotWrite_OpensReadOnlyAndRefusesWrites()
    {
        if (!ReadOnlyFolder.PermissionsApply)
        {
            Assert.Skip(ReadOnlyFolder.SkipReason);
        }

        await WriteTwoDocumentsAndCloseAsync();
        ReadOnlyFolder.Apply(_folder);
        var before = Snapshot(_folder);

        var store = (SqliteIndexStore)await OpenStoreAsync(); // as every command opens it: no read-only asked for
        var dense = await store.DenseSearchAsync(Vector(1), 1, null, Ct);
        var ex = await Assert.ThrowsAsync<IndexReadOnlyException>(() => store.RemoveDocumentAsync("a.md", Ct));

        Assert.True(store.IsReadOnly);
        Assert.Equal("beta", Assert.Single(dense).Chunk.Text);
        Assert.Contains(_folder, ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(_folder));
    }

    [Fact]
    public async Task OpenAsync_WritableIndex_IsNotReadOnly()
    {
        var store = (SqliteIndexStore)await OpenStoreAsync();

        store.ThrowIfReadOnly();

        Assert.False(store.IsReadOnly);
    }

    /// <summary>a.md (alpha, beta) and b.md (gamma), written by a store that is then closed, as ingest leaves an index.</summary>
    private async Task WriteTwoDocumentsAndCloseAsync()
    {
        var writer = await OpenStoreAsync();
        await AddDocumentAsync(writer, "a.md", ("alpha", Vector(0)), ("beta", Vector(1)));
        await AddDocumentAsync(writer, "b.md", ("gamma", Vector(2)));
        await writer.DisposeAsync();
        Assert.False(File.Exists(DatabaseFile + "-wal"), "the last writer to close removes the WAL");
    }

    /// <summary>Every file under <paramref name="folder"/> with the sha256 of its bytes.</summary>
    private static List<string> Snapshot(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetRelativePath(folder, f)} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))}")
            .ToList();
}
