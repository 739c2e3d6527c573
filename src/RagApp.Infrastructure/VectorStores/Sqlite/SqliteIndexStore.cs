using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using RagApp.Core.Embeddings;
using RagApp.Core.Options;
using RagApp.Core.Retrieval;

namespace RagApp.Infrastructure.VectorStores.Sqlite;

/// <summary>
/// The embedded index: one SQLite file, <c>index.db</c>, in the index folder. Chunks and manifests in tables, an FTS5
/// table (Porter stemming, diacritics folded) for BM25 keyword search, and exact cosine search over an in-memory matrix
/// of all vectors that is loaded on the first dense search and kept in step with writes. One connection per instance,
/// used by one operation at a time; several instances or processes may share the file (WAL, busy timeout).
/// </summary>
public sealed partial class SqliteIndexStore : IIndexStore
{
    /// <summary>The database file's name inside the index folder.</summary>
    public const string FileName = "index.db";

    /// <summary>The side file holding a snapshot of all vectors (see <see cref="VectorMatrix"/>); safe to delete.</summary>
    public const string VectorCacheFileName = "vectors.cache";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ReaderWriterLockSlim _matrixLock = new();
    private SqliteConnection? _connection;
    private EncoderFingerprint? _fingerprint;
    private string? _indexId;
    private string? _readOnlyCause;
    private VectorMatrix? _matrix;
    private bool _disposed;

    /// <summary>A store over <c>index.db</c> in <paramref name="indexFolder"/> (created on open when absent).</summary>
    public SqliteIndexStore(string indexFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(indexFolder);
        IndexFolder = Path.GetFullPath(indexFolder);
        DatabasePath = Path.Combine(IndexFolder, FileName);
    }

    /// <summary>A store over the configured <see cref="IndexOptions.Path"/>.</summary>
    public SqliteIndexStore(IOptions<IndexOptions> options)
        : this(options.Value.Path)
    {
    }

    /// <summary>The index folder (absolute).</summary>
    public string IndexFolder { get; }

    /// <summary>The database file (absolute).</summary>
    public string DatabasePath { get; }

    /// <inheritdoc/>
    public async Task OpenAsync(EncoderFingerprint fingerprint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_connection is not null)
            {
                if (_fingerprint != fingerprint)
                {
                    throw new InvalidOperationException("The store is already open with another encoder fingerprint.");
                }

                return;
            }

            _readOnlyCause = OpenReadOnly ? "opened read-only on request" : null;
            var connection = OpenReadOnly ? null : await OpenWritableAsync(fingerprint, cancellationToken);
            connection ??= await OpenReadOnlyConnectionAsync(fingerprint, cancellationToken);
            _connection = connection;
            _fingerprint = fingerprint;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public Task<DocumentManifest?> GetDocumentAsync(string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        return RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT " + ManifestColumns + " FROM documents WHERE source = $source;";
            command.Parameters.AddWithValue("$source", source);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? ReadManifest(reader) : null;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<DocumentManifest> ListDocumentsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var manifests = await RunAsync(async connection =>
        {
            var list = new List<DocumentManifest>();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT " + ManifestColumns + " FROM documents ORDER BY source;";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                list.Add(ReadManifest(reader));
            }

            return list;
        }, cancellationToken);

        foreach (var manifest in manifests)
        {
            yield return manifest;
        }
    }

    /// <inheritdoc/>
    public Task<IndexStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default) =>
        RunAsync(async connection =>
        {
            var documents = Convert.ToInt64(await SqliteSchema.ScalarAsync(connection, "SELECT count(*) FROM documents;", cancellationToken));
            var chunks = Convert.ToInt64(await SqliteSchema.ScalarAsync(connection, "SELECT count(*) FROM chunks;", cancellationToken));
            var fingerprint = await SqliteSchema.ScalarAsync(
                connection, $"SELECT value FROM meta WHERE key = '{SqliteSchema.FingerprintDescriptionKey}';", cancellationToken) as string;
            return new IndexStatistics(documents, chunks, $"sqlite ({DatabasePath})", fingerprint);
        }, cancellationToken);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            var matrix = _matrix;
            _matrix = null;
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
                _connection = null;
            }

            // Waits for a dense scan still running outside the gate. (A matrix dropped earlier, because another process
            // wrote, unmaps its file once unreachable: a scan may have been reading it.)
            _matrixLock.EnterWriteLock();
            _matrixLock.ExitWriteLock();
            _matrixLock.Dispose();
            matrix?.Dispose();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> on the open connection, one operation at a time. Damage that opening could not see
    /// (a page only a query reads) is reported as opening reports it: <see cref="IndexCorruptException"/>, naming the file.
    /// </summary>
    private async Task<T> RunAsync<T>(Func<SqliteConnection, Task<T>> action, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var connection = _connection ?? throw new InvalidOperationException("The index store is not open: call OpenAsync first.");
            return await action(connection);
        }
        catch (SqliteException ex) when (IsCorrupt(ex))
        {
            throw Corrupt(ex);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs a write: refused with <see cref="IndexReadOnlyException"/> before it starts when the store is read-only.</summary>
    private async Task<T> RunWriteAsync<T>(Func<SqliteConnection, Task<T>> action, CancellationToken cancellationToken)
    {
        ThrowIfReadOnly();
        return await RunAsync(action, cancellationToken);
    }

    private static string FormatTime(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
