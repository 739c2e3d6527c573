using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Pgvector;
using Pgvector.Npgsql;
using RagApp.Core.Embeddings;
using RagApp.Core.Options;
using RagApp.Core.Retrieval;

namespace RagApp.Infrastructure.VectorStores.Postgres;

/// <summary>
/// The index in PostgreSQL with pgvector: chunks with an HNSW (cosine) vector index and a generated <c>tsvector</c>
/// with a GIN index, documents' manifests, and a meta table (schema version, encoder fingerprint), all in one schema.
/// Safe for several processes, on one or many machines, writing to the same database at once.
/// </summary>
public sealed class PostgresIndexStore : IIndexStore
{
    /// <summary>The schema that holds the tables unless another is given.</summary>
    public const string DefaultSchema = "ragapp";

    private readonly string _connectionString;
    private readonly NpgsqlConnectionStringBuilder _target;
    private readonly string _where;
    private readonly PostgresSql _sql;
    private readonly ILogger _logger;
    private NpgsqlDataSource? _dataSource;
    private PostgresSearch? _search;
    private string _serverVersion = "";
    private bool _isPglite;

    /// <param name="connectionString">Npgsql connection string (a secret: it is never logged or shown).</param>
    /// <param name="logger">Logger, or null for none.</param>
    /// <param name="schema">Schema of the tables, created when absent (lower-case letters, digits, underscores).</param>
    public PostgresIndexStore(string connectionString, ILogger<PostgresIndexStore>? logger = null, string schema = DefaultSchema)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(schema);
        try
        {
            _target = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            // The builder's message can quote the string; name only the fault.
            throw new IndexStoreException("Store:ConnectionString is not a valid PostgreSQL connection string: " + ex.GetType().Name + ".");
        }

        _connectionString = connectionString;
        _where = PostgresErrors.Describe(_target);
        _sql = new PostgresSql(schema);
        _logger = logger ?? NullLogger<PostgresIndexStore>.Instance;
    }

    /// <summary>The store for <c>Store:Provider=postgres</c>; the connection string comes from <see cref="StoreOptions.ConnectionString"/>.</summary>
    public static PostgresIndexStore Create(StoreOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new IndexStoreException(
                "Store:Provider is 'postgres' but no Store:ConnectionString is set: set RAGAPP_Store__ConnectionString or a user secret.");
        }

        return new PostgresIndexStore(options.ConnectionString, loggerFactory.CreateLogger<PostgresIndexStore>());
    }

    /// <inheritdoc/>
    public async Task OpenAsync(EncoderFingerprint fingerprint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        if (_dataSource is not null)
        {
            throw new InvalidOperationException("The store is already open.");
        }

        // The schema is made on a plain data source first: a data source loads the database's types once, on its first
        // connection, and the one with the vector mapping must not do that before CREATE EXTENSION vector has run.
        await using (var bootstrap = NpgsqlDataSource.Create(_connectionString))
        {
            await using var connection = await OpenConnectionAsync(bootstrap, cancellationToken);
            _serverVersion = connection.ServerVersion;
            _isPglite = await PostgresSchema.EnsureAsync(connection, _sql, fingerprint, _target, cancellationToken);
        }

        var builder = new NpgsqlDataSourceBuilder(_connectionString);
        builder.UseVector();
        _dataSource = builder.Build();
        _search = new PostgresSearch(_sql, fingerprint.Dimensions, OpenReadAsync);
        PostgresLog.Opened(_logger, _where, _sql.Schema, _serverVersion);
    }

    /// <inheritdoc/>
    public async Task<DocumentManifest?> GetDocumentAsync(string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = new NpgsqlCommand(_sql.SelectDocument, connection);
        command.Parameters.AddWithValue("source", source);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? PostgresRows.ReadDocument(reader) : null;
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<DocumentManifest> ListDocumentsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = new NpgsqlCommand(_sql.SelectDocuments, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return PostgresRows.ReadDocument(reader);
        }
    }

    /// <inheritdoc/>
    public async Task ReplaceDocumentAsync(DocumentManifest manifest, IReadOnlyList<ChunkRecord> chunks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(chunks);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in chunks)
        {
            if (!ids.Add(chunk.Id))
            {
                throw new ArgumentException($"Chunk id {chunk.Id} appears twice in '{manifest.Source}'.", nameof(chunks));
            }

            if (chunk.Source != manifest.Source)
            {
                throw new ArgumentException($"Chunk {chunk.Id} belongs to '{chunk.Source}', not to '{manifest.Source}'.", nameof(chunks));
            }

            Search.CheckDimensions(chunk.Vector, nameof(chunks));
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Several ingest processes may write to this database at once. Under READ COMMITTED, two replacements of the
        // same document could each delete nothing (neither sees the other's uncommitted chunks) and then both insert:
        // the document would end with both sets of chunks. The advisory lock keyed by the document's source makes
        // replacements and removals of one document take turns, while different documents (other keys) proceed in
        // parallel. It is transaction-scoped, so commit, rollback or a dropped connection always release it.
        await PostgresLocks.LockAsync(connection, _sql.Schema + "/" + manifest.Source, cancellationToken);
        await ExecuteForSourceAsync(connection, _sql.DeleteChunks, manifest.Source, cancellationToken);
        await RefuseForeignChunkIdsAsync(connection, manifest.Source, ids, cancellationToken);
        await PostgresChunkWriter.WriteAsync(connection, _sql, chunks, useCopy: !_isPglite, cancellationToken);

        // The manifest last: a reader never sees a document as up to date before its chunks are in.
        await using (var upsert = new NpgsqlCommand(_sql.UpsertDocument, connection))
        {
            PostgresRows.BindDocument(upsert, manifest);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<bool> TouchDocumentAsync(DocumentManifest manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(_sql.TouchDocument, connection);
        PostgresRows.BindDocument(command, manifest);
        var touched = await command.ExecuteNonQueryAsync(cancellationToken) > 0;
        await transaction.CommitAsync(cancellationToken);
        return touched;
    }

    /// <inheritdoc/>
    public async Task<bool> RemoveDocumentAsync(string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await PostgresLocks.LockAsync(connection, _sql.Schema + "/" + source, cancellationToken);
        var chunks = await ExecuteForSourceAsync(connection, _sql.DeleteChunks, source, cancellationToken);
        var documents = await ExecuteForSourceAsync(connection, _sql.DeleteDocument, source, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return documents + chunks > 0;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ChunkRecord>> GetChunksAsync(string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = new NpgsqlCommand(_sql.SelectChunks, connection);
        command.Parameters.AddWithValue("source", source);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var chunks = new List<ChunkRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            chunks.Add(PostgresRows.ReadChunk(reader, withVector: true));
        }

        return chunks;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyDictionary<string, ReadOnlyMemory<float>>> GetCachedVectorsAsync(
        IReadOnlyCollection<string> embeddingHashes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(embeddingHashes);
        var vectors = new Dictionary<string, ReadOnlyMemory<float>>(StringComparer.Ordinal);
        if (embeddingHashes.Count == 0)
        {
            return vectors;
        }

        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = new NpgsqlCommand(_sql.SelectCachedVectors, connection);
        command.Parameters.AddWithValue("hashes", embeddingHashes.Distinct(StringComparer.Ordinal).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            vectors[reader.GetString(0)] = reader.GetFieldValue<Vector>(1).Memory;
        }

        return vectors;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<ScoredChunk>> DenseSearchAsync(
        ReadOnlyMemory<float> queryVector, int top, SearchFilter? filter = null, CancellationToken cancellationToken = default) =>
        Search.DenseAsync(queryVector, top, filter, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<ScoredChunk>> KeywordSearchAsync(
        string query, int top, SearchFilter? filter = null, CancellationToken cancellationToken = default) =>
        Search.KeywordAsync(query, top, filter, cancellationToken);

    /// <inheritdoc/>
    public async Task<IndexStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = new NpgsqlCommand(_sql.Statistics, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var store = $"postgres {_serverVersion} ({_where})";
        return new IndexStatistics(reader.GetInt64(0), reader.GetInt64(1), store, reader.IsDBNull(2) ? null : reader.GetString(2));
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
            _dataSource = null;
        }
    }

    private PostgresSearch Search => _search ?? throw new InvalidOperationException("Call OpenAsync before using the store.");

    private Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) =>
        OpenConnectionAsync(_dataSource ?? throw new InvalidOperationException("Call OpenAsync before using the store."), cancellationToken);

    /// <summary>
    /// A connection for reading. PGlite runs every client in its one backend and interleaves their protocol messages
    /// unless a transaction is open, so there each read runs in a transaction (rolled back when the connection is
    /// returned to the pool); a PostgreSQL server needs none.
    /// </summary>
    private async Task<NpgsqlConnection> OpenReadAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken);
        if (_isPglite)
        {
            await connection.BeginTransactionAsync(cancellationToken);
        }

        return connection;
    }

    private async Task<NpgsqlConnection> OpenConnectionAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        try
        {
            return await dataSource.OpenConnectionAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && PostgresErrors.Translate(ex, _target) is { } translated)
        {
            PostgresLog.ConnectFailed(_logger, ex, _where);
            throw translated;
        }
    }

    /// <summary>Chunk ids are global keys: one that another document holds is a caller's error, not a row to overwrite.</summary>
    private async Task RefuseForeignChunkIdsAsync(NpgsqlConnection connection, string source, HashSet<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(_sql.ForeignChunkId, connection);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        command.Parameters.AddWithValue("source", source);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken))
        {
            throw new ArgumentException($"Chunk id {reader.GetString(0)} already belongs to '{reader.GetString(1)}', not to '{source}'.", nameof(ids));
        }
    }

    private static async Task<int> ExecuteForSourceAsync(NpgsqlConnection connection, string commandText, string source, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(commandText, connection);
        command.Parameters.AddWithValue("source", source);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
