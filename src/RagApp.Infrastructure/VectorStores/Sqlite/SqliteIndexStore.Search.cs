using Microsoft.Data.Sqlite;
using RagApp.Core.Retrieval;

namespace RagApp.Infrastructure.VectorStores.Sqlite;

/// <summary>Reads: dense and keyword search, a document's chunks, the embedding cache.</summary>
public sealed partial class SqliteIndexStore
{
    /// <inheritdoc/>
    public Task<IReadOnlyList<ScoredChunk>> DenseSearchAsync(ReadOnlyMemory<float> queryVector, int top, SearchFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        return DenseSearchCoreAsync(queryVector, top, filter is null || filter.IsEmpty ? null : new SearchFilterMatcher(filter), cancellationToken);
    }

    /// <summary>
    /// Loads the vector matrix, and runs one throw-away scan so that the scan's code is compiled before the real query
    /// comes (a cold process would otherwise spend tens of milliseconds of its first search on that).
    /// </summary>
    public async Task PrepareDenseSearchAsync(CancellationToken cancellationToken = default)
    {
        var matrix = await RunAsync(connection => EnsureMatrixAsync(connection, cancellationToken), cancellationToken);
        await ScanAsync(matrix, new float[matrix.Dimensions], 1, null, cancellationToken);
    }

    /// <summary>
    /// The scan runs outside the connection's gate (under the matrix's read lock), so a keyword search of the same
    /// hybrid query can use the connection meanwhile.
    /// </summary>
    internal async Task<IReadOnlyList<ScoredChunk>> DenseSearchCoreAsync(ReadOnlyMemory<float> queryVector, int top, SearchFilterMatcher? matcher, CancellationToken cancellationToken)
    {
        var matrix = await RunAsync(connection => EnsureMatrixAsync(connection, cancellationToken), cancellationToken);
        if (queryVector.Length != matrix.Dimensions)
        {
            throw new ArgumentException(
                $"The query vector has {queryVector.Length} dimensions; the index holds {matrix.Dimensions}.", nameof(queryVector));
        }

        var hits = await ScanAsync(matrix, queryVector, top, matcher, cancellationToken);

        if (hits.Count == 0)
        {
            return [];
        }

        var chunks = await RunAsync(connection => ReadChunksByRowIdAsync(connection, hits.Select(h => h.RowId), cancellationToken), cancellationToken);
        return hits
            .Where(h => chunks.ContainsKey(h.RowId))
            .Select(h => new ScoredChunk(chunks[h.RowId], h.Score))
            .ToList();
    }

    /// <summary>
    /// Scans the matrix under its read lock, on the thread pool, so a caller that starts a keyword search right after
    /// gets it running alongside.
    /// </summary>
    private Task<IReadOnlyList<(long RowId, float Score)>> ScanAsync(
        VectorMatrix matrix, ReadOnlyMemory<float> query, int top, SearchFilterMatcher? matcher, CancellationToken cancellationToken) =>
        Task.Run(
            () =>
            {
                _matrixLock.EnterReadLock();
                try
                {
                    return matrix.Search(query.Span, top, matcher);
                }
                finally
                {
                    _matrixLock.ExitReadLock();
                }
            },
            cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<ChunkRecord>> GetChunksAsync(string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        return RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {SqliteChunkRows.Columns} FROM chunks c WHERE c.source = $source ORDER BY c.ordinal;";
            command.Parameters.AddWithValue("$source", source);
            var chunks = new List<ChunkRecord>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                chunks.Add(SqliteChunkRows.Read(reader));
            }

            return (IReadOnlyList<ChunkRecord>)chunks;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyDictionary<string, ReadOnlyMemory<float>>> GetCachedVectorsAsync(IReadOnlyCollection<string> embeddingHashes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(embeddingHashes);
        return RunAsync(async connection =>
        {
            var found = new Dictionary<string, ReadOnlyMemory<float>>(StringComparer.Ordinal);
            if (embeddingHashes.Count == 0)
            {
                return (IReadOnlyDictionary<string, ReadOnlyMemory<float>>)found;
            }

            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT embedding_hash, vector FROM chunks WHERE embedding_hash IN (SELECT value FROM json_each($hashes));";
            command.Parameters.AddWithValue("$hashes", System.Text.Json.JsonSerializer.Serialize(embeddingHashes.Distinct(StringComparer.Ordinal)));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var hash = reader.GetString(0);
                if (!found.ContainsKey(hash))
                {
                    found[hash] = VectorBlob.ToFloats(reader.GetFieldValue<byte[]>(1));
                }
            }

            return (IReadOnlyDictionary<string, ReadOnlyMemory<float>>)found;
        }, cancellationToken);
    }

    private static async Task<Dictionary<long, ChunkRecord>> ReadChunksByRowIdAsync(SqliteConnection connection, IEnumerable<long> rowIds, CancellationToken cancellationToken)
    {
        var chunks = new Dictionary<long, ChunkRecord>();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SqliteChunkRows.Columns} FROM chunks c WHERE c.row_id IN (SELECT value FROM json_each($ids));";
        command.Parameters.AddWithValue("$ids", System.Text.Json.JsonSerializer.Serialize(rowIds));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            chunks[reader.GetInt64(0)] = SqliteChunkRows.Read(reader);
        }

        return chunks;
    }
}
