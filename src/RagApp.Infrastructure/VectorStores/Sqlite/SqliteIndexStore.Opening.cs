using System.Text;
using Microsoft.Data.Sqlite;
using RagApp.Core.Embeddings;
using RagApp.Core.Retrieval;

namespace RagApp.Infrastructure.VectorStores.Sqlite;

/// <summary>
/// Opening the database: for reading and writing when this process may write it (every index, as before), else read-only,
/// so that an index on a read-only mount or in another user's folder can still be searched.
/// </summary>
public sealed partial class SqliteIndexStore
{
    private const int SqliteCorrupt = 11;
    private const int SqliteReadOnly = 8;
    private const int SqliteCannotOpen = 14;
    private const int SqliteNotADatabase = 26;

    /// <summary>
    /// Opens the index read-only even when it could be written (default false: read-only only when it cannot be). A
    /// read-only store writes nothing: no journal files, no vector side file; its writes throw <see cref="IndexReadOnlyException"/>.
    /// </summary>
    public bool OpenReadOnly { get; init; }

    /// <summary>True once the store is open read-only: because <see cref="OpenReadOnly"/> asked, or because the index cannot be written.</summary>
    public bool IsReadOnly => _connection is not null && _readOnlyCause is not null;

    /// <summary>Throws <see cref="IndexReadOnlyException"/>, naming the folder and the cause, when the store is open read-only.</summary>
    public void ThrowIfReadOnly()
    {
        if (IsReadOnly)
        {
            throw new IndexReadOnlyException(IndexFolder, _readOnlyCause!);
        }
    }

    /// <summary>
    /// Opens the index for reading and writing, creating it when absent, as every index was opened before read-only ones
    /// were read. Null when the index exists but this process cannot write it (its file, its folder or the file system is
    /// read-only), with the cause kept for <see cref="ThrowIfReadOnly"/>: it is then opened read-only.
    /// </summary>
    private async Task<SqliteConnection?> OpenWritableAsync(EncoderFingerprint fingerprint, CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(IndexFolder);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new IndexReadOnlyException(IndexFolder, "permission denied: the folder cannot be created", ex);
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);

            // SQLite opens a file it may not write read-only without saying so; every statement would then fail.
            if (SQLitePCL.raw.sqlite3_db_readonly(connection.Handle, "main") == 1)
            {
                await connection.DisposeAsync();
                _readOnlyCause = $"{FileName} cannot be opened for writing";
                return null;
            }

            await SqliteSchema.InitializeAsync(connection, DatabasePath, IndexFolder, fingerprint, cancellationToken);
            _indexId = await SqliteSchema.ReadOrAddIndexIdAsync(connection, readOnly: false, cancellationToken);
            return connection;
        }
        catch (SqliteException ex) when (IsUnwritable(ex))
        {
            // The file may be writable while its folder is not: WAL needs the -wal and -shm files beside it.
            await connection.DisposeAsync();
            if (!File.Exists(DatabasePath))
            {
                throw new IndexReadOnlyException(IndexFolder, $"{FileName} cannot be created: {ex.Message.TrimEnd('.')}", ex);
            }

            _readOnlyCause = $"SQLite cannot write {FileName} or create its -wal and -shm files beside it";
            return null;
        }
        catch (SqliteException ex) when (IsCorrupt(ex))
        {
            await connection.DisposeAsync();
            throw Corrupt(ex);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Opens the existing index read-only and checks it as <see cref="SqliteSchema.VerifyReadOnlyAsync"/> does. A WAL
    /// database has to be read with its -wal and -shm files: while a writer has it open (or after one crashed) they exist,
    /// and <c>mode=ro</c> reads them without writing. When they are absent, the last writer closed cleanly and the file
    /// holds every commit; <c>mode=ro</c> would then have to create the -shm file, which a read-only folder forbids, so
    /// the file is opened <c>immutable</c>: read as it is, creating nothing and taking no locks. (A writer that starts
    /// meanwhile writes to a -wal file this connection does not see, until it checkpoints into the file; a command's
    /// reads are short, and a later command sees the -wal file and reads it.)
    /// </summary>
    private async Task<SqliteConnection> OpenReadOnlyConnectionAsync(EncoderFingerprint fingerprint, CancellationToken cancellationToken)
    {
        if (!File.Exists(DatabasePath))
        {
            throw new IndexReadOnlyException(IndexFolder, $"there is no {FileName} to read");
        }

        var walInUse = File.Exists(DatabasePath + "-wal") || File.Exists(DatabasePath + "-shm");
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = UriFileName(DatabasePath, walInUse ? "mode=ro" : "immutable=1"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = 30,
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            await SqliteSchema.VerifyReadOnlyAsync(connection, DatabasePath, IndexFolder, fingerprint, cancellationToken);
            _indexId = await SqliteSchema.ReadOrAddIndexIdAsync(connection, readOnly: true, cancellationToken);
            return connection;
        }
        catch (SqliteException ex) when (IsUnwritable(ex))
        {
            await connection.DisposeAsync();
            if (!walInUse)
            {
                throw new IndexStoreException($"The index file {DatabasePath} cannot be read ({ex.Message.TrimEnd('.')}): check its permissions.", ex);
            }

            throw new IndexReadOnlyException(
                IndexFolder,
                $"{_readOnlyCause}; its {FileName}-wal and -shm files, left by a writer, cannot be read without writing beside them: {ex.Message.TrimEnd('.')}",
                ex);
        }
        catch (SqliteException ex) when (IsCorrupt(ex))
        {
            await connection.DisposeAsync();
            throw Corrupt(ex);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// An SQLite URI file name (<c>file:///path?query</c>): the path with <c>\</c> as <c>/</c>, and the characters URIs
    /// give a meaning (<c>%</c>, <c>?</c>, <c>#</c>) percent-escaped; Microsoft.Data.Sqlite passes a data source that starts
    /// with <c>file:</c> to SQLite as a URI.
    /// </summary>
    internal static string UriFileName(string path, string query)
    {
        var uri = new StringBuilder("file://");
        var full = Path.GetFullPath(path).Replace('\\', '/');
        if (!full.StartsWith('/'))
        {
            uri.Append('/'); // C:/x becomes file:///C:/x
        }

        foreach (var c in full)
        {
            if (c is '%' or '?' or '#')
            {
                uri.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                uri.Append(c);
            }
        }

        return uri.Append('?').Append(query).ToString();
    }

    /// <summary>SQLITE_READONLY (and its extended codes: the folder, a -shm it cannot initialise) or SQLITE_CANTOPEN.</summary>
    private static bool IsUnwritable(SqliteException ex) => ex.SqliteErrorCode is SqliteReadOnly or SqliteCannotOpen;

    private static bool IsCorrupt(SqliteException ex) => ex.SqliteErrorCode is SqliteNotADatabase or SqliteCorrupt;

    private IndexCorruptException Corrupt(SqliteException ex) => new(
        DatabasePath,
        $"The index file {DatabasePath} is damaged or not a database ({ex.Message.TrimEnd('.')}): delete the folder {IndexFolder} or run with --index OTHER_FOLDER, then run `ragapp ingest` again.",
        ex);
}
