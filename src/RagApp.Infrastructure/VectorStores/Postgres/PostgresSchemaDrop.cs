using Npgsql;

namespace RagApp.Infrastructure.VectorStores.Postgres;

/// <summary>Drops a schema the program created for itself (benchmark runs), with everything in it.</summary>
public static class PostgresSchemaDrop
{
    public static async Task DropAsync(string connectionString, string schema, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(schema);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema.Replace("\"", "\"\"", StringComparison.Ordinal)}\" CASCADE", connection);
        await drop.ExecuteNonQueryAsync(cancellationToken);
    }
}
