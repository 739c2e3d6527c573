using Npgsql;
using RagApp.Core.Retrieval;

namespace RagApp.Infrastructure.VectorStores.Postgres;

/// <summary>The writes of <see cref="PostgresIndexStore"/>: each one transaction, safe with other writers on the same database.</summary>
internal sealed class PostgresDocumentWriter(
    PostgresSql sql, PostgresSearch search, bool useCopy, Func<CancellationToken, Task<NpgsqlConnection>> openAsync)
{
    /// <summary>Replaces a document's chunks and manifest in one transaction, the manifest last.</summary>
    public async Task ReplaceAsync(DocumentManifest manifest, IReadOnlyList<ChunkRecord> chunks, CancellationToken cancellationToken)
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

            search.CheckDimensions(chunk.Vector, nameof(chunks));
        }

        await using var connection = await openAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Several ingest processes may write to this database at once. Under READ COMMITTED, two replacements of the
        // same document could each delete nothing (neither sees the other's uncommitted chunks) and then both insert:
        // the document would end with both sets of chunks. The advisory lock keyed by the document's source makes
        // replacements and removals of one document take turns, while different documents (other keys) proceed in
        // parallel. It is transaction-scoped, so commit, rollback or a dropped connection always release it.
        await PostgresLocks.LockAsync(connection, sql.Schema + "/" + manifest.Source, cancellationToken);
        await ExecuteForSourceAsync(connection, sql.DeleteChunks, manifest.Source, cancellationToken);
        await RefuseForeignChunkIdsAsync(connection, manifest.Source, ids, cancellationToken);
        await PostgresChunkWriter.WriteAsync(connection, sql, chunks, useCopy, cancellationToken);

        // The manifest last: a reader never sees a document as up to date before its chunks are in.
        await using (var upsert = new NpgsqlCommand(sql.UpsertDocument, connection))
        {
            PostgresRows.BindDocument(upsert, manifest);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Updates an existing manifest only; false when the document is absent.</summary>
    public async Task<bool> TouchAsync(DocumentManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        await using var connection = await openAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql.TouchDocument, connection);
        PostgresRows.BindDocument(command, manifest);
        var touched = await command.ExecuteNonQueryAsync(cancellationToken) > 0;
        await transaction.CommitAsync(cancellationToken);
        return touched;
    }

    /// <summary>Removes a document and its chunks; false when neither was there.</summary>
    public async Task<bool> RemoveAsync(string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        await using var connection = await openAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await PostgresLocks.LockAsync(connection, sql.Schema + "/" + source, cancellationToken);
        var chunks = await ExecuteForSourceAsync(connection, sql.DeleteChunks, source, cancellationToken);
        var documents = await ExecuteForSourceAsync(connection, sql.DeleteDocument, source, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return documents + chunks > 0;
    }

    /// <summary>Chunk ids are global keys: one that another document holds is a caller's error, not a row to overwrite.</summary>
    private async Task RefuseForeignChunkIdsAsync(NpgsqlConnection connection, string source, HashSet<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(sql.ForeignChunkId, connection);
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
