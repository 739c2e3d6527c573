using Microsoft.Data.Sqlite;
using RagApp.Core.Retrieval;

namespace RagApp.Infrastructure.VectorStores.Sqlite;

/// <summary>Reads and writes <see cref="ChunkRecord"/> rows of the <c>chunks</c> table.</summary>
internal static class SqliteChunkRows
{
    /// <summary>The columns <see cref="Read"/> expects, in order, for a query aliasing the table as <c>c</c>.</summary>
    public const string Columns =
        "c.row_id, c.id, c.source, c.ordinal, c.text, c.title, c.section, c.page, c.page_end, c.file_type, c.embedding_hash, c.vector";

    public const string InsertSql = """
        INSERT INTO chunks (id, source, ordinal, text, title, section, page, page_end, file_type, embedding_hash, vector)
        VALUES ($id, $source, $ordinal, $text, $title, $section, $page, $page_end, $file_type, $embedding_hash, $vector)
        RETURNING row_id;
        """;

    public static ChunkRecord Read(SqliteDataReader reader) => new()
    {
        Id = reader.GetString(1),
        Source = reader.GetString(2),
        Ordinal = reader.GetInt32(3),
        Text = reader.GetString(4),
        Title = reader.GetString(5),
        Section = reader.GetString(6),
        Page = reader.IsDBNull(7) ? null : reader.GetInt32(7),
        PageEnd = reader.IsDBNull(8) ? null : reader.GetInt32(8),
        FileType = reader.GetString(9),
        EmbeddingHash = reader.GetString(10),
        Vector = VectorBlob.ToFloats(reader.GetFieldValue<byte[]>(11)),
    };

    /// <summary>An insert command with its parameters created once, prepared for re-use across rows.</summary>
    public static SqliteCommand CreateInsertCommand(SqliteConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = InsertSql;
        foreach (var name in new[] { "$id", "$source", "$ordinal", "$text", "$title", "$section", "$page", "$page_end", "$file_type", "$embedding_hash", "$vector" })
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    /// <summary>Inserts one chunk with a command from <see cref="CreateInsertCommand"/>; returns its row id.</summary>
    public static async Task<long> InsertAsync(SqliteCommand command, ChunkRecord chunk, CancellationToken cancellationToken)
    {
        var p = command.Parameters;
        p[0].Value = chunk.Id;
        p[1].Value = chunk.Source;
        p[2].Value = chunk.Ordinal;
        p[3].Value = chunk.Text;
        p[4].Value = chunk.Title;
        p[5].Value = chunk.Section;
        p[6].Value = (object?)chunk.Page ?? DBNull.Value;
        p[7].Value = (object?)chunk.PageEnd ?? DBNull.Value;
        p[8].Value = chunk.FileType;
        p[9].Value = chunk.EmbeddingHash;
        p[10].Value = VectorBlob.ToBytes(chunk.Vector.Span);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
    }
}
