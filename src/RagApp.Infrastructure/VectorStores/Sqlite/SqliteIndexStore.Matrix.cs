using Microsoft.Data.Sqlite;
using RagApp.Core.Retrieval;

namespace RagApp.Infrastructure.VectorStores.Sqlite;

/// <summary>The in-memory vector matrix: loading (from the side file or the database) and keeping it in step with writes.</summary>
public sealed partial class SqliteIndexStore
{
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

        // A read-only store writes nothing beside the index: its matrix lives in memory only.
        if (_indexId is not null && !IsReadOnly)
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

    /// <summary>Brings a loaded matrix up to date with this instance's own write, or drops it when others wrote in between.</summary>
    private void ApplyToMatrix(long generation, IEnumerable<string> removedSources, IReadOnlySet<long> removedRows, IEnumerable<(long RowId, ChunkRecord Chunk)> added)
    {
        var matrix = _matrix;
        if (matrix is null)
        {
            return;
        }

        if (matrix.Generation != generation - 1)
        {
            _matrix = null;
            return;
        }

        _matrixLock.EnterWriteLock();
        try
        {
            foreach (var source in removedSources)
            {
                matrix.RemoveSource(source);
            }

            matrix.RemoveRows(removedRows);
            foreach (var (rowId, chunk) in added)
            {
                matrix.Add(rowId, chunk.Source, chunk.FileType, chunk.Vector.Span);
            }

            matrix.Generation = generation;
        }
        finally
        {
            _matrixLock.ExitWriteLock();
        }
    }
}
