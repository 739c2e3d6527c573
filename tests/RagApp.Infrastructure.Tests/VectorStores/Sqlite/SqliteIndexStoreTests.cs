using Xunit;
using Microsoft.Data.Sqlite;
using RagApp.Core.Retrieval;
using RagApp.Infrastructure.Tests.VectorStores;
using RagApp.Infrastructure.VectorStores.Sqlite;
using RagApp.Tests.Shared;

namespace RagApp.Infrastructure.Tests.VectorStores.Sqlite;

public sealed partial class SqliteIndexStoreTests : IndexStoreContractTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ragapp-sqlite-" + Guid.NewGuid().ToString("N"));

    protected override IIndexStore CreateStore() => new SqliteIndexStore(_folder);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        ReadOnlyFolder.Undo(_folder);
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task OpenAsync_NewFolder_CreatesIndexDbInWalMode()
    {
        await OpenStoreAsync();

        var path = Path.Combine(_folder, SqliteIndexStore.FileName);
        Assert.True(File.Exists(path));
        Assert.Equal("wal", await ScalarAsync(path, "PRAGMA journal_mode;"));
    }

    [Fact]
    public async Task OpenAsync_FileIsNotADatabase_ThrowsNamingTheFile()
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, SqliteIndexStore.FileName);
        await File.WriteAllTextAsync(path, new string('x', 4096) + "this is not an SQLite file", Ct);

        var ex = await Assert.ThrowsAsync<IndexCorruptException>(() => OpenStoreAsync());

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("ragapp ingest", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public async Task OpenAsync_ForeignSqliteDatabase_Refused()
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, SqliteIndexStore.FileName);
        await ExecuteAsync(path, "CREATE TABLE customers (id INTEGER);");

        var ex = await Assert.ThrowsAsync<IndexCorruptException>(() => OpenStoreAsync());

        Assert.Contains("not a ragapp index", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_NewerSchemaVersion_RefusedClearly()
    {
        var store = await OpenStoreAsync();
        await store.DisposeAsync();
        await ExecuteAsync(Path.Combine(_folder, SqliteIndexStore.FileName), "PRAGMA user_version = 99;");

        var ex = await Assert.ThrowsAsync<IndexMismatchException>(() => OpenStoreAsync());

        Assert.Contains("schema version 99", ex.Message, StringComparison.Ordinal);
        Assert.Contains("newer ragapp", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStatisticsAsync_NamesSqliteAndTheFile()
    {
        var store = await OpenStoreAsync();

        var statistics = await store.GetStatisticsAsync(Ct);

        Assert.Equal($"sqlite ({Path.Combine(_folder, SqliteIndexStore.FileName)})", statistics.Store);
    }

    private static async Task<object?> ScalarAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(Ct);
    }

    private static Task ExecuteAsync(string path, string sql) => ScalarAsync(path, sql);
}
