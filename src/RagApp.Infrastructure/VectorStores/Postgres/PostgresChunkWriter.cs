using Npgsql;
using NpgsqlTypes;
using Pgvector;
using RagApp.Core.Retrieval;

namespace RagApp.Infrastructure.VectorStores.Postgres;

/// <summary>
/// Writes a document's chunks: with binary COPY on PostgreSQL servers, and with one <c>INSERT ... SELECT FROM
/// unnest(arrays)</c> per batch on PGlite, whose socket server does not implement the COPY sub-protocol (a COPY
/// FROM STDIN there breaks the connection and stalls the server).
/// </summary>
internal static class PostgresChunkWriter
{
    /// <summary>Rows per INSERT on the array path: a few MB of parameters at 384 dimensions.</summary>
    private const int InsertBatchSize = 500;

    public static async Task WriteAsync(
        NpgsqlConnection connection, PostgresSql sql, IReadOnlyList<ChunkRecord> chunks, bool useCopy, CancellationToken cancellationToken)
    {
        if (chunks.Count == 0)
        {
            return;
        }

        if (useCopy)
        {
            await CopyAsync(connection, sql.CopyChunks, chunks, cancellationToken);
            return;
        }

        for (var start = 0; start < chunks.Count; start += InsertBatchSize)
        {
            var batch = chunks.Skip(start).Take(InsertBatchSize).ToArray();
            await using var command = new NpgsqlCommand(sql.InsertChunks, connection);
            command.Parameters.AddWithValue("ids", batch.Select(c => c.Id).ToArray());
            command.Parameters.AddWithValue("sources", batch.Select(c => c.Source).ToArray());
            command.Parameters.AddWithValue("ordinals", batch.Select(c => c.Ordinal).ToArray());
            command.Parameters.AddWithValue("texts", batch.Select(c => WithoutNul(c.Text)).ToArray());
            command.Parameters.AddWithValue("titles", batch.Select(c => WithoutNul(c.Title)).ToArray());
            command.Parameters.AddWithValue("sections", batch.Select(c => WithoutNul(c.Section)).ToArray());
            command.Parameters.AddWithValue("pages", NpgsqlDbType.Array | NpgsqlDbType.Integer, batch.Select(c => c.Page).ToArray());
            command.Parameters.AddWithValue("page_ends", NpgsqlDbType.Array | NpgsqlDbType.Integer, batch.Select(c => c.PageEnd).ToArray());
            command.Parameters.AddWithValue("file_types", batch.Select(c => c.FileType).ToArray());
            command.Parameters.AddWithValue("hashes", batch.Select(c => c.EmbeddingHash).ToArray());
            command.Parameters.AddWithValue("embeddings", batch.Select(c => new Vector(c.Vector)).ToArray());
            command.Parameters.AddWithValue("folded", NpgsqlDbType.Array | NpgsqlDbType.Text, batch.Select(c => PostgresTextFolding.FoldOrNull(WithoutNul(c.Text))).ToArray());
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Writes the chunks with binary COPY (<see cref="PostgresSql.CopyChunks"/>).</summary>
    private static async Task CopyAsync(
        NpgsqlConnection connection, string copySql, IReadOnlyList<ChunkRecord> chunks, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(copySql, cancellationToken);
        foreach (var chunk in chunks)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(chunk.Id, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(chunk.Source, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(chunk.Ordinal, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteAsync(WithoutNul(chunk.Text), NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(WithoutNul(chunk.Title), NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(WithoutNul(chunk.Section), NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(writer, chunk.Page, cancellationToken);
            await WriteNullableAsync(writer, chunk.PageEnd, cancellationToken);
            await writer.WriteAsync(chunk.FileType, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(chunk.EmbeddingHash, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(new Vector(chunk.Vector), "vector", cancellationToken);
            if (PostgresTextFolding.FoldOrNull(WithoutNul(chunk.Text)) is { } folded)
            {
                await writer.WriteAsync(folded, NpgsqlDbType.Text, cancellationToken);
            }
            else
            {
                await writer.WriteNullAsync(cancellationToken);
            }
        }

        await writer.CompleteAsync(cancellationToken);
    }

    /// <summary>PostgreSQL text cannot hold U+0000 (extracted PDF text sometimes does).</summary>
    private static string WithoutNul(string text) => text.Contains('\0', StringComparison.Ordinal) ? text.Replace("\0", "", StringComparison.Ordinal) : text;

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter writer, int? value, CancellationToken cancellationToken)
    {
        if (value is { } v)
        {
            await writer.WriteAsync(v, NpgsqlDbType.Integer, cancellationToken);
        }
        else
        {
            await writer.WriteNullAsync(cancellationToken);
        }
    }
}
