using Npgsql;
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
        Vector = withVector && !reader.IsDBNull(10) ? reader.GetFieldValue<Vector>(10).Memory : ReadOnlyMemory<float>.Empty,
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
}
