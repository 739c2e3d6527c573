using Microsoft.Data.Sqlite;
using RagApp.Core.Retrieval;

namespace RagApp.Infrastructure.VectorStores.Sqlite;

/// <summary>Writes: documents' chunks and manifests.</summary>
public sealed partial class SqliteIndexStore
{
    private const int SqliteConstraint = 19;

    private const string ManifestColumns =
        "source, full_path, size_bytes, modified_utc, content_sha256, chunk_count, format, title, ingested_utc";

    private const string UpsertManifestSql = """
        INSERT INTO documents (source, full_path, size_bytes, modified_utc, content_sha256, chunk_count, format, title, ingested_utc)
        VALUES ($source, $full_path, $size_bytes, $modified_utc, $content_sha256, $chunk_count, $format, $title, $ingested_utc)
        ON CONFLICT (source) DO UPDATE SET full_path = excluded.full_path, size_bytes = excluded.size_bytes,
            modified_utc = excluded.modified_utc, content_sha256 = excluded.content_sha256, chunk_count = excluded.chunk_count,
            format = excluded.format, title = excluded.title, ingested_utc = excluded.ingested_utc;
        """;

    /// <inheritdoc/>
    public Task ReplaceDocumentAsync(DocumentManifest manifest, IReadOnlyList<ChunkRecord> chunks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(chunks);
        foreach (var chunk in chunks)
        {
            if (!string.Equals(chunk.Source, manifest.Source, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Chunk {chunk.Id} belongs to '{chunk.Source}', not to '{manifest.Source}'.", nameof(chunks));
            }
        }

        return WriteChunksAsync([manifest.Source], chunks, manifest, replaceIds: false, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> TouchDocumentAsync(DocumentManifest manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return RunWriteAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                UPDATE documents SET full_path = $full_path, size_bytes = $size_bytes, modified_utc = $modified_utc,
                    content_sha256 = $content_sha256, chunk_count = $chunk_count, format = $format, title = $title,
                    ingested_utc = $ingested_utc
                WHERE source = $source;
                """;
            AddManifestParameters(command, manifest);
            return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> RemoveDocumentAsync(string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        return RunWriteAsync(async connection =>
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            var chunks = await DeleteChunksOfAsync(connection, source, cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM documents WHERE source = $source;";
            command.Parameters.AddWithValue("$source", source);
            var documents = await command.ExecuteNonQueryAsync(cancellationToken);
            var generation = await BumpGenerationAsync(connection, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            ApplyToMatrix(generation, [source], new HashSet<long>(), []);
            return documents + chunks > 0;
        }, cancellationToken);
    }

    /// <summary>
    /// One transaction: deletes the chunks of <paramref name="sourcesToClear"/>, inserts <paramref name="chunks"/>
    /// with one prepared command, then writes the manifest (last, so a document never looks up to date without its chunks).
    /// With <paramref name="replaceIds"/>, rows holding the chunks' ids are deleted first (an upsert by id).
    /// </summary>
    private Task WriteChunksAsync(IReadOnlyCollection<string> sourcesToClear, IReadOnlyList<ChunkRecord> chunks, DocumentManifest? manifest, bool replaceIds, CancellationToken cancellationToken)
    {
        var dimensions = _fingerprint?.Dimensions ?? 0;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in chunks)
        {
            if (chunk.Vector.Length != dimensions && _fingerprint is not null)
            {
                throw new ArgumentException(
                    $"Chunk {chunk.Id} has a vector of {chunk.Vector.Length} dimensions; the index holds {dimensions}.", nameof(chunks));
            }

            if (!ids.Add(chunk.Id))
            {
                throw new ArgumentException($"Chunk id {chunk.Id} occurs twice; chunk ids must be unique.", nameof(chunks));
            }
        }

        return RunWriteAsync(async connection =>
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            foreach (var source in sourcesToClear)
            {
                await DeleteChunksOfAsync(connection, source, cancellationToken);
            }

            var replacedRows = replaceIds ? await DeleteChunkIdsAsync(connection, chunks, cancellationToken) : new HashSet<long>();
            var rowIds = new long[chunks.Count];
            await using (var insert = SqliteChunkRows.CreateInsertCommand(connection))
            {
                for (var i = 0; i < chunks.Count; i++)
                {
                    try
                    {
                        rowIds[i] = await SqliteChunkRows.InsertAsync(insert, chunks[i], cancellationToken);
                    }
                    catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteConstraint)
                    {
                        throw new ArgumentException(
                            $"Chunk id {chunks[i].Id} of '{chunks[i].Source}' is already stored for another document; chunk ids must be unique across the index (hash the source into them).",
                            nameof(chunks),
                            ex);
                    }
                }
            }

            if (manifest is not null)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = UpsertManifestSql;
                AddManifestParameters(command, manifest);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            var generation = await BumpGenerationAsync(connection, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            ApplyToMatrix(generation, sourcesToClear, replacedRows, chunks.Select((c, i) => (rowIds[i], c)));
            return true;
        }, cancellationToken);
    }

    private static async Task<int> DeleteChunksOfAsync(SqliteConnection connection, string source, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM chunks WHERE source = $source;";
        command.Parameters.AddWithValue("$source", source);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<HashSet<long>> DeleteChunkIdsAsync(SqliteConnection connection, IEnumerable<ChunkRecord> chunks, CancellationToken cancellationToken)
    {
        var removed = new HashSet<long>();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM chunks WHERE id = $id RETURNING row_id;";
        var id = command.Parameters.Add(new SqliteParameter { ParameterName = "$id" });
        foreach (var chunk in chunks)
        {
            id.Value = chunk.Id;
            if (await command.ExecuteScalarAsync(cancellationToken) is long rowId)
            {
                removed.Add(rowId);
            }
        }

        return removed;
    }

    /// <summary>Counts writes, so that every store instance (and process) can tell that its vector matrix is stale.</summary>
    private static async Task<long> BumpGenerationAsync(SqliteConnection connection, CancellationToken cancellationToken) =>
        Convert.ToInt64(await SqliteSchema.ScalarAsync(
            connection,
            $"UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = '{SqliteSchema.GenerationKey}' RETURNING CAST(value AS INTEGER);",
            cancellationToken));

    private static void AddManifestParameters(SqliteCommand command, DocumentManifest manifest)
    {
        command.Parameters.AddWithValue("$source", manifest.Source);
        command.Parameters.AddWithValue("$full_path", manifest.FullPath);
        command.Parameters.AddWithValue("$size_bytes", manifest.SizeBytes);
        command.Parameters.AddWithValue("$modified_utc", FormatTime(manifest.ModifiedUtc));
        command.Parameters.AddWithValue("$content_sha256", manifest.ContentSha256);
        command.Parameters.AddWithValue("$chunk_count", manifest.ChunkCount);
        command.Parameters.AddWithValue("$format", manifest.Format);
        command.Parameters.AddWithValue("$title", manifest.Title);
        command.Parameters.AddWithValue("$ingested_utc", FormatTime(manifest.IngestedUtc));
    }

    private static DocumentManifest ReadManifest(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetInt64(2),
        ParseTime(reader.GetString(3)),
        reader.GetString(4),
        reader.GetInt32(5),
        reader.GetString(6),
        reader.GetString(7),
        ParseTime(reader.GetString(8)));
}
