using System.Text.Json;
using Microsoft.Data.Sqlite;
using RagApp.Core.Embeddings;
using RagApp.Core.Retrieval;

namespace RagApp.Infrastructure.VectorStores.Sqlite;

/// <summary>Record-level access by chunk id, for the VectorData collection (<see cref="SqliteChunkCollection"/>).</summary>
public sealed partial class SqliteIndexStore
{
    /// <summary>The fingerprint the store was opened with, or null before <see cref="OpenAsync"/>.</summary>
    public EncoderFingerprint? Fingerprint => _fingerprint;

    /// <summary>The chunks with these ids (absent ids are left out), with vectors.</summary>
    public Task<IReadOnlyList<ChunkRecord>> GetChunksByIdAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {SqliteChunkRows.Columns} FROM chunks c WHERE c.id IN (SELECT value FROM json_each($ids));";
            command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(ids));
            return await ReadAllAsync(command, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Chunks passing <paramref name="matcher"/>, ordered by source and ordinal, paged.</summary>
    public Task<IReadOnlyList<ChunkRecord>> QueryChunksAsync(SearchFilterMatcher? matcher, int top, int skip = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        return RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            var where = "";
            if (matcher is not null)
            {
                connection.CreateFunction("ragapp_filter", (string source, string fileType) => matcher.Matches(source, fileType), isDeterministic: true);
                where = " WHERE ragapp_filter(c.source, c.file_type)";
            }

            command.CommandText = $"SELECT {SqliteChunkRows.Columns} FROM chunks c{where} ORDER BY c.source, c.ordinal LIMIT $top OFFSET $skip;";
            command.Parameters.AddWithValue("$top", top);
            command.Parameters.AddWithValue("$skip", skip);
            return await ReadAllAsync(command, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Inserts chunks, replacing any with the same id, in one transaction. Manifests are not touched.</summary>
    public Task UpsertChunksAsync(IReadOnlyList<ChunkRecord> chunks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var distinct = chunks.GroupBy(c => c.Id, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        return WriteChunksAsync([], distinct, manifest: null, replaceIds: true, cancellationToken);
    }

    /// <summary>Deletes the chunks with these ids; returns how many were there.</summary>
    public Task<int> DeleteChunksByIdAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return RunWriteAsync(async connection =>
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            var removed = await DeleteChunkIdsAsync(connection, ids.Select(id => new ChunkRecord { Id = id }), cancellationToken);
            var generation = await BumpGenerationAsync(connection, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            ApplyToMatrix(generation, [], removed, []);
            return removed.Count;
        }, cancellationToken);
    }

    /// <summary>Deletes every chunk and manifest (the schema and fingerprint stay).</summary>
    public Task DeleteAllAsync(CancellationToken cancellationToken = default) =>
        RunWriteAsync(async connection =>
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await SqliteSchema.ExecuteAsync(connection, "DELETE FROM chunks; DELETE FROM documents;", cancellationToken);
            var generation = await BumpGenerationAsync(connection, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            _matrix = null;
            return generation;
        }, cancellationToken);

    private static async Task<IReadOnlyList<ChunkRecord>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var chunks = new List<ChunkRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            chunks.Add(SqliteChunkRows.Read(reader));
        }

        return chunks;
    }
}
