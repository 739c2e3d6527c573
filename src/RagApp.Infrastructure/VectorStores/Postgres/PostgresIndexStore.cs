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
    private PostgresDocumentWriter? _writer;
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
        _writer = new PostgresDocumentWriter(_sql, _search, useCopy: !_isPglite, OpenWriteAsync);
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
        // Read all manifests before yielding: a caller that writes while it iterates (ingest removing vanished files)
        // must not wait on the connection this read still holds (on PGlite, one open transaction blocks all others).
        var documents = new List<DocumentManifest>();
        await using (var connection = await OpenReadAsync(cancellationToken))
        {
            await using var command = new NpgsqlCommand(_sql.SelectDocuments, connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                documents.Add(PostgresRows.ReadDocument(reader));
            }
        }

        foreach (var document in documents)
        {
            yield return document;
        }
    }

    /// <inheritdoc/>
    public Task ReplaceDocumentAsync(DocumentManifest manifest, IReadOnlyList<ChunkRecord> chunks, CancellationToken cancellationToken = default) =>
        Writer.ReplaceAsync(manifest, chunks, cancellationToken);

    /// <inheritdoc/>
    public Task<bool> TouchDocumentAsync(DocumentManifest manifest, CancellationToken cancellationToken = default) =>
        Writer.TouchAsync(manifest, cancellationToken);

    /// <inheritdoc/>
    public Task<bool> RemoveDocumentAsync(string source, CancellationToken cancellationToken = default) =>
        Writer.RemoveAsync(source, cancellationToken);

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

    private PostgresDocumentWriter Writer => _writer ?? throw new InvalidOperationException("Call OpenAsync before using the store.");

    private Task<NpgsqlConnection> OpenWriteAsync(CancellationToken cancellationToken) =>
        OpenConnectionAsync(_dataSource ?? throw new InvalidOperationException("Call OpenAsync before using the store."), cancellationToken);

    /// <summary>
    /// A connection for reading. PGlite runs every client in its one backend and interleaves their protocol messages
    /// unless a transaction is open, so there each read runs in a transaction (rolled back when the connection is
    /// returned to the pool); a PostgreSQL server needs none.
    /// </summary>
    private async Task<NpgsqlConnection> OpenReadAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenWriteAsync(cancellationToken);
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
}
