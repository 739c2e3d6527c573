using Npgsql;
using RagApp.Core.Embeddings;
using RagApp.Core.Retrieval;

namespace RagApp.Infrastructure.VectorStores.Postgres;

/// <summary>Creates, checks and migrates the store's schema: extension, tables, indexes and the meta rows.</summary>
internal static class PostgresSchema
{
    /// <summary>The schema this code writes. Version 1: meta, documents, chunks (vector, tsvector), HNSW + GIN indexes.</summary>
    public const int CurrentVersion = 1;

    /// <summary>
    /// First use of a database: every statement runs in one transaction under an advisory lock, so two processes
    /// starting at once do not race on <c>CREATE ... IF NOT EXISTS</c> (which can fail with a duplicate catalog row
    /// when run concurrently) and both see the same fingerprint.
    /// </summary>
    /// <returns>True when the server is PGlite (see <see cref="IsPgliteAsync"/>).</returns>
    public static async Task<bool> EnsureAsync(
        NpgsqlConnection connection, PostgresSql sql, EncoderFingerprint fingerprint, NpgsqlConnectionStringBuilder target,
        CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var isPglite = await IsPgliteAsync(connection, cancellationToken);
        await PostgresLocks.LockAsync(connection, "schema:" + sql.Schema, cancellationToken);
        await EnsureExtensionAsync(connection, target, cancellationToken);
        await ExecuteAsync(connection, sql.CreateMeta, cancellationToken);

        var meta = await ReadMetaAsync(connection, sql, cancellationToken);
        if (!meta.TryGetValue("schema_version", out var versionText))
        {
            await ExecuteAsync(connection, sql.CreateTables(fingerprint.Dimensions), cancellationToken);
            await WriteMetaAsync(connection, sql, "schema_version", CurrentVersion.ToString(), cancellationToken);
            await WriteFingerprintAsync(connection, sql, fingerprint, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return isPglite;
        }

        var version = int.TryParse(versionText, out var v) ? v : int.MaxValue;
        if (version > CurrentVersion)
        {
            throw new IndexMismatchException(
                $"The PostgreSQL index at {PostgresErrors.Describe(target)} (schema \"{sql.Schema}\") has schema version {versionText}, " +
                $"newer than this RagApp reads ({CurrentVersion}): update RagApp, or use another schema or database.");
        }

        // Older versions would be migrated here, one step at a time; version 1 is the first.
        meta.TryGetValue("fingerprint", out var stored);
        if (stored != fingerprint.Key)
        {
            await AdoptOrRefuseAsync(connection, sql, fingerprint, stored, meta, target, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return isPglite;
    }

    /// <summary>An empty index takes the configured encoder; one with chunks refuses it, saying how to re-index.</summary>
    private static async Task AdoptOrRefuseAsync(
        NpgsqlConnection connection, PostgresSql sql, EncoderFingerprint fingerprint, string? stored,
        Dictionary<string, string> meta, NpgsqlConnectionStringBuilder target, CancellationToken cancellationToken)
    {
        await using (var count = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM {sql.Chunks})", connection))
        {
            if ((bool)(await count.ExecuteScalarAsync(cancellationToken))!)
            {
                var holds = meta.TryGetValue("fingerprint_description", out var described) ? described : stored ?? "an unknown encoder";
                throw new IndexMismatchException(
                    $"The PostgreSQL index at {PostgresErrors.Describe(target)} (schema \"{sql.Schema}\") holds vectors of {holds}, " +
                    $"but the configured encoder is {fingerprint.Describe()}. Configure the encoder the index was built with, " +
                    $"or re-index: DROP SCHEMA \"{sql.Schema}\" CASCADE (or point Store:ConnectionString at another database), then run 'ragapp ingest' again.",
                    stored);
            }
        }

        if (!meta.TryGetValue("dimensions", out var dims) || dims != fingerprint.Dimensions.ToString())
        {
            await ExecuteAsync(connection, sql.ChangeDimensions(fingerprint.Dimensions), cancellationToken);
        }

        await WriteFingerprintAsync(connection, sql, fingerprint, cancellationToken);
    }

    /// <summary>
    /// True on PGlite (PostgreSQL in WebAssembly, the test server): its socket server lacks the COPY sub-protocol and
    /// runs all clients in one backend.
    /// </summary>
    private static async Task<bool> IsPgliteAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT version()", connection);
        var version = (string?)await command.ExecuteScalarAsync(cancellationToken) ?? "";
        return version.Contains("PGlite", StringComparison.OrdinalIgnoreCase);
    }

    private static async Task EnsureExtensionAsync(
        NpgsqlConnection connection, NpgsqlConnectionStringBuilder target, CancellationToken cancellationToken)
    {
        await using (var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector')", connection))
        {
            if ((bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                return;
            }
        }

        try
        {
            await ExecuteAsync(connection, "CREATE EXTENSION IF NOT EXISTS vector", cancellationToken);
        }
        catch (PostgresException ex) when (PostgresErrors.TranslateExtension(ex, target) is { } translated)
        {
            throw translated;
        }
    }

    private static async Task<Dictionary<string, string>> ReadMetaAsync(
        NpgsqlConnection connection, PostgresSql sql, CancellationToken cancellationToken)
    {
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand($"SELECT key, value FROM {sql.Meta}", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            meta[reader.GetString(0)] = reader.GetString(1);
        }

        return meta;
    }

    private static async Task WriteFingerprintAsync(
        NpgsqlConnection connection, PostgresSql sql, EncoderFingerprint fingerprint, CancellationToken cancellationToken)
    {
        await WriteMetaAsync(connection, sql, "fingerprint", fingerprint.Key, cancellationToken);
        await WriteMetaAsync(connection, sql, "fingerprint_description", fingerprint.Describe(), cancellationToken);
        await WriteMetaAsync(connection, sql, "dimensions", fingerprint.Dimensions.ToString(), cancellationToken);
    }

    private static async Task WriteMetaAsync(
        NpgsqlConnection connection, PostgresSql sql, string key, string value, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"INSERT INTO {sql.Meta} (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            connection);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("value", value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string commandText, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(commandText, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
