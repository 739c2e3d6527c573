using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using RagApp.Core.Embeddings;
using RagApp.Core.Retrieval;

namespace RagApp.Infrastructure.VectorStores.Sqlite;

/// <summary>
/// A Microsoft.Extensions.VectorData collection over an opened <see cref="SqliteIndexStore"/>, so VectorData and
/// Semantic Kernel components (e.g. <c>VectorStoreTextSearch</c>) can use the index. Search input may be a vector
/// (<see cref="ReadOnlyMemory{T}"/>, <c>float[]</c>, <see cref="Embedding{T}"/>) or a string, embedded as a query with the
/// given generator. Dimensions are the store's encoder's. Filters: see <see cref="SqliteChunkFilterTranslator"/>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "A VectorData collection, named like the VectorData connectors' own (SqliteCollection, PostgresCollection).")]
public sealed class SqliteChunkCollection : VectorStoreCollection<string, ChunkRecord>, IKeywordHybridSearchable<ChunkRecord>
{
    /// <summary>The collection's name.</summary>
    public const string CollectionName = "chunks";

    private readonly SqliteIndexStore _store;
    private readonly IEmbeddingGenerator<string, Embedding<float>>? _embeddingGenerator;
    private readonly VectorStoreCollectionMetadata _metadata;

    /// <param name="store">An opened store.</param>
    /// <param name="embeddingGenerator">Embeds string search input; null to accept vectors only.</param>
    public SqliteChunkCollection(SqliteIndexStore store, IEmbeddingGenerator<string, Embedding<float>>? embeddingGenerator = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _embeddingGenerator = embeddingGenerator;
        _metadata = new VectorStoreCollectionMetadata
        {
            CollectionName = CollectionName,
            VectorStoreName = store.DatabasePath,
            VectorStoreSystemName = "sqlite",
        };
    }

    /// <inheritdoc/>
    public override string Name => CollectionName;

    /// <inheritdoc/>
    public override Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_store.Fingerprint is not null);

    /// <inheritdoc/>
    public override Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default) =>
        _store.Fingerprint is not null
            ? Task.CompletedTask
            : throw new InvalidOperationException("Open the SqliteIndexStore (OpenAsync with the encoder's fingerprint) before using its collection.");

    /// <inheritdoc/>
    public override Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default) => _store.DeleteAllAsync(cancellationToken);

    /// <inheritdoc/>
    public override async Task<ChunkRecord?> GetAsync(string key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var found = await _store.GetChunksByIdAsync([key], cancellationToken);
        return found.Count == 0 ? null : Shape(found[0], options?.IncludeVectors ?? false);
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<ChunkRecord> GetAsync(IEnumerable<string> keys, RecordRetrievalOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var chunk in await _store.GetChunksByIdAsync(keys.ToList(), cancellationToken))
        {
            yield return Shape(chunk, options?.IncludeVectors ?? false);
        }
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<ChunkRecord> GetAsync(Expression<Func<ChunkRecord, bool>> filter, int top, FilteredRecordRetrievalOptions<ChunkRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (options?.OrderBy is not null)
        {
            throw new NotSupportedException("The SQLite chunk collection returns records by source and ordinal; OrderBy is not supported.");
        }

        var matcher = SqliteChunkFilterTranslator.Translate(filter);
        foreach (var chunk in await _store.QueryChunksAsync(matcher, top, options?.Skip ?? 0, cancellationToken))
        {
            yield return Shape(chunk, options?.IncludeVectors ?? false);
        }
    }

    /// <inheritdoc/>
    public override Task DeleteAsync(string key, CancellationToken cancellationToken = default) => _store.DeleteChunksByIdAsync([key], cancellationToken);

    /// <inheritdoc/>
    public override Task DeleteAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default) =>
        _store.DeleteChunksByIdAsync(keys.ToList(), cancellationToken);

    /// <inheritdoc/>
    public override Task UpsertAsync(ChunkRecord record, CancellationToken cancellationToken = default) => _store.UpsertChunksAsync([record], cancellationToken);

    /// <inheritdoc/>
    public override Task UpsertAsync(IEnumerable<ChunkRecord> records, CancellationToken cancellationToken = default) =>
        _store.UpsertChunksAsync(records.ToList(), cancellationToken);

    /// <inheritdoc/>
    public override async IAsyncEnumerable<VectorSearchResult<ChunkRecord>> SearchAsync<TInput>(TInput searchValue, int top, VectorSearchOptions<ChunkRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        options ??= new VectorSearchOptions<ChunkRecord>();
        var vector = await ToVectorAsync(searchValue, cancellationToken);
        var matcher = SqliteChunkFilterTranslator.Translate(options.Filter);
        var hits = await _store.DenseSearchCoreAsync(vector, top + options.Skip, matcher, cancellationToken);
        foreach (var hit in hits.Skip(options.Skip))
        {
            if (options.ScoreThreshold is { } threshold && hit.Score < threshold)
            {
                yield break;
            }

            yield return new VectorSearchResult<ChunkRecord>(Shape(hit.Chunk, options.IncludeVectors), hit.Score);
        }
    }

    /// <summary>Dense and keyword (BM25 over <paramref name="keywords"/>) lists fused by reciprocal rank fusion; the score is the fused one.</summary>
    public async IAsyncEnumerable<VectorSearchResult<ChunkRecord>> HybridSearchAsync<TInput>(TInput searchValue, ICollection<string> keywords, int top, HybridSearchOptions<ChunkRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where TInput : notnull
    {
        ArgumentNullException.ThrowIfNull(keywords);
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        options ??= new HybridSearchOptions<ChunkRecord>();
        var vector = await ToVectorAsync(searchValue, cancellationToken);
        var matcher = SqliteChunkFilterTranslator.Translate(options.Filter);
        var depth = Math.Max(2 * (top + options.Skip), 20);
        var dense = _store.DenseSearchCoreAsync(vector, depth, matcher, cancellationToken);
        var keyword = _store.KeywordSearchCoreAsync(string.Join(' ', keywords), depth, matcher, cancellationToken);
        var fused = SqliteRankFusion.Fuse(await dense, await keyword);
        foreach (var hit in fused.Skip(options.Skip).Take(top))
        {
            if (options.ScoreThreshold is { } threshold && hit.Score < threshold)
            {
                yield break;
            }

            yield return new VectorSearchResult<ChunkRecord>(Shape(hit.Chunk, options.IncludeVectors), hit.Score);
        }
    }

    /// <inheritdoc/>
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreCollectionMetadata) ? _metadata
            : serviceType.IsInstanceOfType(_store) ? _store
            : _embeddingGenerator is not null && serviceType.IsInstanceOfType(_embeddingGenerator) ? _embeddingGenerator
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    private async Task<ReadOnlyMemory<float>> ToVectorAsync<TInput>(TInput searchValue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(searchValue);
        switch (searchValue)
        {
            case ReadOnlyMemory<float> memory:
                return memory;
            case float[] array:
                return array;
            case Embedding<float> embedding:
                return embedding.Vector;
            case string text when _embeddingGenerator is not null:
                var generated = await _embeddingGenerator.GenerateAsync([text], EmbeddingPurpose.ForQuery(), cancellationToken);
                return generated[0].Vector;
            case string:
                throw new InvalidOperationException("This SqliteChunkCollection has no embedding generator, so it cannot search with text; pass a vector or give it a generator.");
            default:
                throw new NotSupportedException(
                    $"Search input of type {typeof(TInput).Name} is not supported; use string, ReadOnlyMemory<float>, float[] or Embedding<float>.");
        }
    }

    private static ChunkRecord Shape(ChunkRecord chunk, bool includeVectors)
    {
        if (!includeVectors)
        {
            chunk.Vector = ReadOnlyMemory<float>.Empty;
        }

        return chunk;
    }
}
