using System.Net.Sockets;
using Npgsql;
using RagApp.Core.Retrieval;

namespace RagApp.Infrastructure.VectorStores.Postgres;

/// <summary>
/// Turns the exceptions of an unusable server (unreachable, login refused, no pgvector) into one-line
/// <see cref="IndexStoreException"/>s. Messages name the host, port, database and user, never the password.
/// </summary>
internal static class PostgresErrors
{
    /// <summary>The translated exception, or null when <paramref name="exception"/> is not about reaching or using the server.</summary>
    public static IndexStoreException? Translate(Exception exception, NpgsqlConnectionStringBuilder target)
    {
        var where = Describe(target);
        if (exception is PostgresException pg)
        {
            var message = pg.SqlState switch
            {
                PostgresErrorCodes.InvalidPassword =>
                    $"PostgreSQL at {where} refused the password of user '{target.Username}' (check Store:ConnectionString).",
                PostgresErrorCodes.InvalidAuthorizationSpecification =>
                    $"PostgreSQL at {where} refused the login of user '{target.Username}': {pg.MessageText}.",
                PostgresErrorCodes.InvalidCatalogName => $"PostgreSQL at {where}: the database does not exist ({pg.MessageText}).",
                PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections =>
                    $"PostgreSQL at {where} does not accept connections now: {pg.MessageText}.",
                _ => null,
            };
            return message is null ? null : new IndexStoreException(message, exception);
        }

        if (exception is NpgsqlException npgsql)
        {
            var inner = npgsql.InnerException;
            var message = inner switch
            {
                SocketException { SocketErrorCode: SocketError.ConnectionRefused } =>
                    $"Cannot reach PostgreSQL at {where}: connection refused (is the server running, and is Store:ConnectionString right?).",
                SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData } =>
                    $"Cannot reach PostgreSQL at {where}: unknown host.",
                SocketException socket => $"Cannot reach PostgreSQL at {where}: {socket.Message}.",
                TimeoutException => $"Cannot reach PostgreSQL at {where}: the connection timed out.",
                _ => $"Cannot use PostgreSQL at {where}: {FirstLine(npgsql.Message)}",
            };
            return new IndexStoreException(message, exception);
        }

        return null;
    }

    /// <summary>The exception for an extension that cannot be created, or null for other errors.</summary>
    public static IndexStoreException? TranslateExtension(PostgresException exception, NpgsqlConnectionStringBuilder target)
    {
        var where = Describe(target);
        var message = exception.SqlState switch
        {
            // 58P01 (PostgreSQL before 16: no control file) and 0A000 (16 and later: "is not available").
            PostgresErrorCodes.UndefinedFile or PostgresErrorCodes.FeatureNotSupported =>
                $"PostgreSQL at {where} has no pgvector extension: install pgvector on the server (https://github.com/pgvector/pgvector), then run RagApp again.",
            PostgresErrorCodes.InsufficientPrivilege =>
                $"PostgreSQL at {where}: user '{target.Username}' may not create the pgvector extension; ask an administrator to run CREATE EXTENSION vector; in database '{target.Database}'.",
            _ => null,
        };
        return message is null ? null : new IndexStoreException(message, exception);
    }

    /// <summary><c>host:port/database</c>, for messages and statistics.</summary>
    public static string Describe(NpgsqlConnectionStringBuilder target) =>
        $"{target.Host ?? "localhost"}:{target.Port}/{target.Database ?? target.Username ?? "postgres"}";

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
