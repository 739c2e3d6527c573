using RagApp.Core.Retrieval;
using RagApp.Infrastructure.VectorStores.Postgres;
using Xunit;
using static RagApp.Infrastructure.Tests.VectorStores.Postgres.PostgresTestData;

namespace RagApp.Infrastructure.Tests.VectorStores.Postgres;

/// <summary>
/// Several writers (separate stores, so separate connection pools, as separate ingest processes have) on one
/// database. On PGlite the server runs one transaction at a time; on a real server (RAGAPP_TEST_POSTGRES) these
/// tests also exercise the advisory locks.
/// </summary>
[Collection(PostgresServerDefinition.Name)]
public sealed class PostgresIndexStoreConcurrencyTests(PgliteServerFixture server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OpenAsync_SeveralProcessesOnAFreshSchema_AllSucceedWithOneSchema()
    {
        var schema = server.NewSchema();
        var stores = Enumerable.Range(0, 4).Select(_ => new PostgresIndexStore(server.ConnectionString, schema: schema)).ToArray();
        try
        {
            await Task.WhenAll(stores.Select(s => Task.Run(() => s.OpenAsync(Fingerprint(), Ct), Ct)));

            var (manifest, chunks) = Document("a.md", "alpha");
            await stores[0].ReplaceDocumentAsync(manifest, chunks, Ct);
            foreach (var store in stores)
            {
                Assert.Equal(1, (await store.GetStatisticsAsync(Ct)).Chunks);
            }
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ReplaceDocumentAsync_TwoWritersAtOnce_NoDuplicateChunksAndNoLostDocuments()
    {
        var schema = server.NewSchema();
        await using var first = new PostgresIndexStore(server.ConnectionString, schema: schema);
        await using var second = new PostgresIndexStore(server.ConnectionString, schema: schema);
        await first.OpenAsync(Fingerprint(), Ct);
        await second.OpenAsync(Fingerprint(), Ct);

        // Both writers replace the same 8 shared documents, three rounds each, with different versions (3 chunks
        // from the first, 2 from the second); each also writes 8 documents of its own.
        var work = new List<Task>();
        for (var round = 0; round < 3; round++)
        {
            for (var doc = 0; doc < 8; doc++)
            {
                work.Add(WriteVersionAsync(first, $"shared/{doc}.md", "first", 3));
                work.Add(WriteVersionAsync(second, $"shared/{doc}.md", "second", 2));
                if (round == 0)
                {
                    work.Add(WriteVersionAsync(first, $"first/{doc}.md", "first", 3));
                    work.Add(WriteVersionAsync(second, $"second/{doc}.md", "second", 2));
                }
            }
        }

        await Task.WhenAll(work);

        var documents = await first.ListDocumentsAsync(Ct).ToListAsync(Ct);
        Assert.Equal(24, documents.Count);
        long total = 0;
        foreach (var document in documents)
        {
            var chunks = await second.GetChunksAsync(document.Source, Ct);
            total += chunks.Count;

            // The chunks are exactly those of the version the manifest names: never a mix, never doubled.
            Assert.Equal(document.ChunkCount, chunks.Count);
            Assert.All(chunks, c => Assert.StartsWith(document.ContentSha256 + ":", c.Text, StringComparison.Ordinal));
            Assert.Equal(chunks.Count, chunks.Select(c => c.Ordinal).Distinct().Count());
        }

        Assert.Equal(total, (await first.GetStatisticsAsync(Ct)).Chunks);
    }

    [Fact]
    public async Task RemoveAndReplace_AtOnce_LeaveEachDocumentWholeOrAbsent()
    {
        var schema = server.NewSchema();
        await using var first = new PostgresIndexStore(server.ConnectionString, schema: schema);
        await using var second = new PostgresIndexStore(server.ConnectionString, schema: schema);
        await first.OpenAsync(Fingerprint(), Ct);
        await second.OpenAsync(Fingerprint(), Ct);

        var work = new List<Task>();
        for (var doc = 0; doc < 10; doc++)
        {
            work.Add(WriteVersionAsync(first, $"{doc}.md", "first", 4));
            work.Add(second.RemoveDocumentAsync($"{doc}.md", Ct));
        }

        await Task.WhenAll(work);

        var documents = await first.ListDocumentsAsync(Ct).ToListAsync(Ct);
        foreach (var document in documents)
        {
            Assert.Equal(4, (await first.GetChunksAsync(document.Source, Ct)).Count);
        }

        Assert.Equal(documents.Count * 4, (await first.GetStatisticsAsync(Ct)).Chunks);
    }

    private static Task WriteVersionAsync(PostgresIndexStore store, string source, string version, int chunkCount) =>
        Task.Run(
            async () =>
            {
                var chunks = Enumerable.Range(0, chunkCount).Select(i => Chunk(source, i, $"{version}: part {i} of {source}")).ToArray();
                await store.ReplaceDocumentAsync(Manifest(source, chunkCount, sha: version), chunks, Ct);
            },
            Ct);
}
