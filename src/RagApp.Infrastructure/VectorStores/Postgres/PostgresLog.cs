using Microsoft.Extensions.Logging;

namespace RagApp.Infrastructure.VectorStores.Postgres;

/// <summary>Log messages of the PostgreSQL store (never with the connection string).</summary>
internal static partial class PostgresLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Opened the PostgreSQL index at {Target} (schema {Schema}, PostgreSQL {Version})")]
    public static partial void Opened(ILogger logger, string target, string schema, string version);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Opening a connection to {Target} failed")]
    public static partial void ConnectFailed(ILogger logger, Exception exception, string target);
}
