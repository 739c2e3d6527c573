using Microsoft.Data.Sqlite;
using RagApp.Core.Embeddings;
using RagApp.Core.Retrieval;

namespace RagApp.Infrastructure.VectorStores.Sqlite;

/// <summary>Creates the index's tables, checks the schema version and the encoder fingerprint on open.</summary>
internal static class SqliteSchema
{
    /// <summary>Kept in <c>PRAGMA user_version</c>; a file with a higher one was written by a newer ragapp.</summary>
    public const int Version = 1;

    public const string FingerprintKey = "fingerprint";
    public const string FingerprintDescriptionKey = "fingerprint_description";
    public const string GenerationKey = "generation";
    public const string IndexIdKey = "index_id";

    private const string CreateSql = """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE documents (
            source TEXT PRIMARY KEY, full_path TEXT NOT NULL, size_bytes INTEGER NOT NULL, modified_utc TEXT NOT NULL,
            content_sha256 TEXT NOT NULL, chunk_count INTEGER NOT NULL, format TEXT NOT NULL, title TEXT NOT NULL,
            ingested_utc TEXT NOT NULL);
        CREATE TABLE chunks (
            row_id INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, source TEXT NOT NULL, ordinal INTEGER NOT NULL,
            text TEXT NOT NULL, title TEXT NOT NULL, section TEXT NOT NULL, page INTEGER, page_end INTEGER,
            file_type TEXT NOT NULL, embedding_hash TEXT NOT NULL, vector BLOB NOT NULL);
        CREATE INDEX ix_chunks_source ON chunks (source, ordinal);
        CREATE INDEX ix_chunks_embedding_hash ON chunks (embedding_hash);
        CREATE VIRTUAL TABLE chunks_fts USING fts5 (
            text, title, section, content = 'chunks', content_rowid = 'row_id',
            tokenize = 'porter unicode61 remove_diacritics 2');
        CREATE TRIGGER chunks_after_insert AFTER INSERT ON chunks BEGIN
            INSERT INTO chunks_fts (rowid, text, title, section) VALUES (new.row_id, new.text, new.title, new.section);
        END;
        CREATE TRIGGER chunks_after_delete AFTER DELETE ON chunks BEGIN
            INSERT INTO chunks_fts (chunks_fts, rowid, text, title, section)
            VALUES ('delete', old.row_id, old.text, old.title, old.section);
        END;
        CREATE TRIGGER chunks_after_update AFTER UPDATE ON chunks BEGIN
            INSERT INTO chunks_fts (chunks_fts, rowid, text, title, section)
            VALUES ('delete', old.row_id, old.text, old.title, old.section);
            INSERT INTO chunks_fts (rowid, text, title, section) VALUES (new.row_id, new.text, new.title, new.section);
        END;
        INSERT INTO meta (key, value) VALUES ('generation', '0');
        INSERT INTO meta (key, value) VALUES ('index_id', lower(hex(randomblob(16))));
        """;

    /// <summary>
    /// Sets the connection up (busy timeout first, so a second process waits for a lock instead of failing; WAL so
    /// readers never block the writer; synchronous=FULL so a committed document survives a power cut), creates the
    /// schema in a new file and checks the version and fingerprint of an existing one.
    /// </summary>
    public static async Task InitializeAsync(SqliteConnection connection, string databasePath, string indexFolder, EncoderFingerprint fingerprint, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, "PRAGMA busy_timeout = 30000;", cancellationToken);
        await ExecuteAsync(connection, "PRAGMA journal_mode = WAL;", cancellationToken);
        await ExecuteAsync(connection, "PRAGMA synchronous = FULL;", cancellationToken);

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        if (await CheckVersionAsync(connection, databasePath, indexFolder, cancellationToken) == 0)
        {
            await ExecuteAsync(connection, CreateSql + $"PRAGMA user_version = {Version};", cancellationToken);
        }

        if (await CheckFingerprintAsync(connection, indexFolder, fingerprint, cancellationToken) is null)
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO meta (key, value) VALUES ($k1, $v1), ($k2, $v2);";
            insert.Parameters.AddWithValue("$k1", FingerprintKey);
            insert.Parameters.AddWithValue("$v1", fingerprint.Key);
            insert.Parameters.AddWithValue("$k2", FingerprintDescriptionKey);
            insert.Parameters.AddWithValue("$v2", fingerprint.Describe());
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// The checks of <see cref="InitializeAsync"/> on a connection opened read-only, writing nothing (no journal mode, no
    /// schema, no fingerprint): an index that lacks any of them cannot be completed here, so it is refused.
    /// </summary>
    public static async Task VerifyReadOnlyAsync(SqliteConnection connection, string databasePath, string indexFolder, EncoderFingerprint fingerprint, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, "PRAGMA busy_timeout = 30000;", cancellationToken);

        // Deferred: a plain read transaction. The default BEGIN IMMEDIATE asks for the write lock, which a read-only
        // connection cannot take.
        await using var transaction = connection.BeginTransaction(deferred: true);
        if (await CheckVersionAsync(connection, databasePath, indexFolder, cancellationToken) == 0)
        {
            throw new IndexReadOnlyException(indexFolder, $"{Path.GetFileName(databasePath)} holds no index yet, and it cannot be written");
        }

        if (await CheckFingerprintAsync(connection, indexFolder, fingerprint, cancellationToken) is null)
        {
            throw new IndexReadOnlyException(indexFolder, "the index records no encoder yet, and it cannot be written");
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The schema version (0: an empty file); a newer schema or another application's database is refused.</summary>
    private static async Task<int> CheckVersionAsync(SqliteConnection connection, string databasePath, string indexFolder, CancellationToken cancellationToken)
    {
        var version = Convert.ToInt32(await ScalarAsync(connection, "PRAGMA user_version;", cancellationToken));
        if (version > Version)
        {
            throw new IndexMismatchException(
                $"The index {databasePath} has schema version {version} but this ragapp reads up to version {Version}: " +
                $"use a newer ragapp, or delete the folder {indexFolder} (or run with --index OTHER_FOLDER) and run `ragapp ingest` again.");
        }

        if (version == 0)
        {
            var objects = Convert.ToInt64(await ScalarAsync(connection, "SELECT count(*) FROM sqlite_master;", cancellationToken));
            if (objects > 0)
            {
                throw new IndexCorruptException(
                    databasePath,
                    $"The file {databasePath} is an SQLite database but not a ragapp index: move it away, or run with --index OTHER_FOLDER, then run `ragapp ingest`.");
            }
        }

        return version;
    }

    /// <summary>The encoder fingerprint the index records (null: none yet); another encoder's is refused.</summary>
    private static async Task<string?> CheckFingerprintAsync(SqliteConnection connection, string indexFolder, EncoderFingerprint fingerprint, CancellationToken cancellationToken)
    {
        var stored = await ScalarAsync(connection, $"SELECT value FROM meta WHERE key = '{FingerprintKey}';", cancellationToken) as string;
        if (stored is not null && !string.Equals(stored, fingerprint.Key, StringComparison.Ordinal))
        {
            var description = await ScalarAsync(connection, $"SELECT value FROM meta WHERE key = '{FingerprintDescriptionKey}';", cancellationToken) as string;
            throw new IndexMismatchException(
                $"The index in {indexFolder} holds vectors of {description ?? stored} but the configured encoder is {fingerprint.Describe()}: " +
                $"delete the folder {indexFolder} or run with --index OTHER_FOLDER, then run `ragapp ingest` again (or configure the index's encoder).",
                stored);
        }

        return stored;
    }

    /// <summary>
    /// The index's random id, which names the vector side file's index (so a copied or replaced database never uses another's
    /// vectors). Indexes made before the id existed get one now, unless <paramref name="readOnly"/>; null when there is
    /// none and it cannot be written.
    /// </summary>
    public static async Task<string?> ReadOrAddIndexIdAsync(SqliteConnection connection, bool readOnly, CancellationToken cancellationToken)
    {
        var select = $"SELECT value FROM meta WHERE key = '{IndexIdKey}';";
        var id = await ScalarAsync(connection, select, cancellationToken) as string;
        if (id is not null || readOnly)
        {
            return id;
        }

        try
        {
            await ExecuteAsync(connection, $"INSERT OR IGNORE INTO meta (key, value) VALUES ('{IndexIdKey}', lower(hex(randomblob(16))));", cancellationToken);
        }
        catch (SqliteException)
        {
            return null; // read-only: the vectors are read from the database each time instead of from the side file
        }

        return await ScalarAsync(connection, select, cancellationToken) as string;
    }

    public static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }
}
