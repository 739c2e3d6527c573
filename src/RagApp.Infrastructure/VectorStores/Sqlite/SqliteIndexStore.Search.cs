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

        // On the thread pool, so a caller that starts a keyword search right after gets it running alongside.
        var hits = await Task.Run(
            () =>
            {
                _matrixLock.EnterReadLock();
                try
                {
                    return matrix.Search(queryVector.Span, top, matcher);
                }
                finally
                {
                    _matrixLock.ExitReadLock();
                }
            },
            cancellationToken);

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

    /// <summary>The vector matrix, loaded on first use and re-loaded when another instance or process has written since.</summary>
    private async Task<VectorMatrix> EnsureMatrixAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var generation = Convert.ToInt64(await SqliteSchema.ScalarAsync(
            connection, $"SELECT CAST(value AS INTEGER) FROM meta WHERE key = '{SqliteSchema.GenerationKey}';", cancellationToken));
        if (_matrix is not null && _matrix.Generation == generation)
        {
            return _matrix;
        }

        _matrix = null;
        var dimensions = _fingerprint!.Dimensions;
        var cachePath = Path.Combine(IndexFolder, VectorCacheFileName);
        _matrix = TryLoadCachedMatrix(cachePath, generation, dimensions);
        if (_matrix is not null)
        {
            return _matrix;
        }

        var count = Convert.ToInt32(await SqliteSchema.ScalarAsync(connection, "SELECT count(*) FROM chunks;", cancellationToken));
        var matrix = new VectorMatrix(dimensions, count + 1024) { Generation = generation };
        var vector = new float[dimensions];
        var buffer = new byte[dimensions * sizeof(float)];
        await using (var command = connection.CreateCommand())
        {
            // The generation was read first: rows written meanwhile by another process only make the matrix newer than
            // its generation says, which costs one needless reload, never a stale result.
            command.CommandText = "SELECT row_id, source, file_type, vector FROM chunks;";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var length = reader.GetBytes(3, 0, buffer, 0, buffer.Length);
                if (length != buffer.Length)
                {
                    throw new IndexCorruptException(DatabasePath, $"A vector in {DatabasePath} has {length / sizeof(float)} dimensions; the index holds {dimensions}.");
                }

                VectorBlob.CopyTo(buffer, vector);
                matrix.Add(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), vector);
            }
        }

        _matrix = matrix;
        if (_indexId is not null)
        {
            try
            {
                matrix.Save(cachePath, _indexId);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The cache only saves time; a read-only or full disk costs the next process a slower load.
            }
        }

        return matrix;
    }

    private VectorMatrix? TryLoadCachedMatrix(string cachePath, long generation, int dimensions)
    {
        if (_indexId is null)
        {
            return null;
        }

        try
        {
            return VectorMatrix.TryLoad(cachePath, _indexId, generation, dimensions);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return null;
        }
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
