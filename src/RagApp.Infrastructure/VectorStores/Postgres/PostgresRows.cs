using Npgsql;
using NpgsqlTypes;
using Pgvector;
using RagApp.Core.Retrieval;

namespace RagApp.Infrastructure.VectorStores.Postgres;

/// <summary>Maps chunks and manifests to and from rows (column orders of <see cref="PostgresSql"/>).</summary>
internal static class PostgresRows
{
    /// <summary>Reads the <see cref="PostgresSql.ChunkColumns"/> (and the vector at column 10 when present).</summary>
    public static ChunkRecord ReadChunk(NpgsqlDataReader reader, bool withVector) => new()
    {
        Id = reader.GetString(0),
        Source = reader.GetString(1),
        Text = reader.GetString(2),
        Title = reader.GetString(3),
        Section = reader.GetString(4),
        Page = reader.IsDBNull(5) ? null : reader.GetInt32(5),
        PageEnd = reader.IsDBNull(6) ? null : reader.GetInt32(6),
        Ordinal = reader.GetInt32(7),
        FileType = reader.GetString(8),
        EmbeddingHash = reader.GetString(9),
        Vector = withVector ? reader.GetFieldValue<Vector>(10).Memory : ReadOnlyMemory<float>.Empty,
    };

    public static DocumentManifest ReadDocument(NpgsqlDataReader reader) => new(
        Source: reader.GetString(0),
        FullPath: reader.GetString(1),
        SizeBytes: reader.GetInt64(2),
        ModifiedUtc: new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero),
        ContentSha256: reader.GetString(4),
        ChunkCount: reader.GetInt32(5),
        Format: reader.GetString(6),
        Title: reader.GetString(7),
        IngestedUtc: new DateTimeOffset(reader.GetInt64(8), TimeSpan.Zero));

    /// <summary>Binds a manifest to the parameters of <see cref="PostgresSql.UpsertDocument"/> and <see cref="PostgresSql.TouchDocument"/>.</summary>
    public static void BindDocument(NpgsqlCommand command, DocumentManifest manifest)
    {
        // Ticks, not timestamptz: PostgreSQL keeps microseconds, and an incremental ingest compares modification times exactly.
        command.Parameters.AddWithValue("source", manifest.Source);
        command.Parameters.AddWithValue("full_path", manifest.FullPath);
        command.Parameters.AddWithValue("size_bytes", manifest.SizeBytes);
        command.Parameters.AddWithValue("modified", manifest.ModifiedUtc.UtcTicks);
        command.Parameters.AddWithValue("sha", manifest.ContentSha256);
        command.Parameters.AddWithValue("chunk_count", manifest.ChunkCount);
        command.Parameters.AddWithValue("format", manifest.Format);
        command.Parameters.AddWithValue("title", manifest.Title);
        command.Parameters.AddWithValue("ingested", manifest.IngestedUtc.UtcTicks);
    }

    /// <summary>Writes the chunks with binary COPY (<see cref="PostgresSql.CopyChunks"/>).</summary>
    public static async Task CopyChunksAsync(
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
