using Npgsql;
using RagApp.Core.Retrieval;
using RagApp.Infrastructure.VectorStores.Postgres;
using Xunit;
using static RagApp.Infrastructure.Tests.VectorStores.Postgres.PostgresTestData;

namespace RagApp.Infrastructure.Tests.VectorStores.Postgres;

/// <summary>Encoder fingerprint and schema version checks of <see cref="PostgresIndexStore"/>.</summary>
[Collection(PostgresServerDefinition.Name)]
public sealed class PostgresIndexStoreSchemaTests(PgliteServerFixture server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OpenAsync_IndexWithChunksOfAnotherEncoder_ThrowsMismatchSayingHowToReindex()
    {
        var schema = server.NewSchema();
        await using (var store = new PostgresIndexStore(server.ConnectionString, schema: schema))
        {
            await store.OpenAsync(Fingerprint(), Ct);
            var (manifest, chunks) = Document("a.md", "alpha");
            await store.ReplaceDocumentAsync(manifest, chunks, Ct);
        }

        await using var other = new PostgresIndexStore(server.ConnectionString, schema: schema);
        var error = await Assert.ThrowsAsync<IndexMismatchException>(() => other.OpenAsync(Fingerprint("other-encoder"), Ct));

        Assert.Contains(Fingerprint().Describe(), error.Message, StringComparison.Ordinal);
        Assert.Contains(Fingerprint("other-encoder").Describe(), error.Message, StringComparison.Ordinal);
        Assert.Contains("ragapp ingest", error.Message, StringComparison.Ordinal);
        Assert.Contains($"DROP SCHEMA \"{schema}\" CASCADE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_EmptyIndexWithAnotherEncoder_AdoptsItsFingerprintAndDimensions()
    {
        var schema = server.NewSchema();
        await using (var store = new PostgresIndexStore(server.ConnectionString, schema: schema))
        {
            await store.OpenAsync(Fingerprint(), Ct);
        }

        await using var wider = new PostgresIndexStore(server.ConnectionString, schema: schema);
        await wider.OpenAsync(Fingerprint("wide-encoder", dimensions: 16), Ct);
        var chunk = Chunk("a.md", 0, "alpha", Vector(3, dimensions: 16));
        await wider.ReplaceDocumentAsync(Manifest("a.md", 1), [chunk], Ct);

        Assert.Equal(Fingerprint("wide-encoder", 16).Key, (await wider.GetStatisticsAsync(Ct)).Fingerprint);
        var found = await wider.DenseSearchAsync(Vector(3, dimensions: 16), 1, null, Ct);
        Assert.Equal(1.0, found[0].Score, 5);
    }

    [Fact]
    public async Task OpenAsync_SchemaOfANewerVersion_RefusesClearly()
    {
        var schema = server.NewSchema();
        await using (var store = new PostgresIndexStore(server.ConnectionString, schema: schema))
        {
            await store.OpenAsync(Fingerprint(), Ct);
        }

        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync(Ct);
            await using var bump = new NpgsqlCommand($"UPDATE \"{schema}\".meta SET value = '7' WHERE key = 'schema_version'", connection);
            Assert.Equal(1, await bump.ExecuteNonQueryAsync(Ct));
        }

        await using var reopened = new PostgresIndexStore(server.ConnectionString, schema: schema);
        var error = await Assert.ThrowsAsync<IndexMismatchException>(() => reopened.OpenAsync(Fingerprint(), Ct));

        Assert.Contains("schema version 7", error.Message, StringComparison.Ordinal);
        Assert.Contains($"reads ({PostgresSchema.CurrentVersion})", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Methods_BeforeOpenAsync_ThrowInvalidOperation()
    {
        await using var store = new PostgresIndexStore(server.ConnectionString, schema: server.NewSchema());

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.GetStatisticsAsync(Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.KeywordSearchAsync("x", 1, null, Ct));
    }
}
