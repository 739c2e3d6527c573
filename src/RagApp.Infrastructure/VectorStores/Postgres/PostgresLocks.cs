using Npgsql;

namespace RagApp.Infrastructure.VectorStores.Postgres;

/// <summary>
/// Transaction-level advisory locks (<c>pg_advisory_xact_lock</c>), released by PostgreSQL at commit or rollback,
/// so a crashed process can never leave one behind.
/// </summary>
internal static class PostgresLocks
{
    /// <summary>The first key of every RagApp lock ("RAGP"), so they never collide with other applications' advisory locks.</summary>
    private const int LockClass = 0x52414750;

    /// <summary>
    /// Waits for the lock named <paramref name="name"/> within the current transaction. The second key is
    /// <c>hashtext(name)</c>: two names that hash alike only serialize each other, which is harmless.
    /// </summary>
    public static async Task LockAsync(NpgsqlConnection connection, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@class, hashtext(@name))", connection);
        command.Parameters.AddWithValue("class", LockClass);
        command.Parameters.AddWithValue("name", name);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
