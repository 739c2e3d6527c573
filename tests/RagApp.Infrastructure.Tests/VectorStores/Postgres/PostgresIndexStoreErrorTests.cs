using System.Net;
using System.Net.Sockets;
using Npgsql;
using RagApp.Core.Options;
using RagApp.Core.Retrieval;
using RagApp.Infrastructure.VectorStores.Postgres;
using Xunit;
using static RagApp.Infrastructure.Tests.VectorStores.Postgres.PostgresTestData;

namespace RagApp.Infrastructure.Tests.VectorStores.Postgres;

/// <summary>An unusable server gives one clear line (<see cref="IndexStoreException"/>) and never shows the password.</summary>
public sealed class PostgresIndexStoreErrorTests
{
    private const string Password = "s3cret-Pa55";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OpenAsync_NothingListening_SaysConnectionRefusedWithoutThePassword()
    {
        var port = FreePort();
        await using var store = new PostgresIndexStore($"Host=127.0.0.1;Port={port};Username=bob;Password={Password};Database=rag;Timeout=5");

        var error = await Assert.ThrowsAsync<IndexStoreException>(() => store.OpenAsync(Fingerprint(), Ct));

        Assert.Equal(
            $"Cannot reach PostgreSQL at 127.0.0.1:{port}/rag: connection refused (is the server running, and is Store:ConnectionString right?).",
            error.Message);
    }

    [Fact]
    public async Task OpenAsync_ServerWithoutPgvector_SaysSoInOneLine()
    {
        if (Environment.GetEnvironmentVariable(PgliteServerFixture.EnvironmentVariable) is { Length: > 0 })
        {
            Assert.Skip("Needs a PGlite server without pgvector; skipped when a real server is given.");
        }

        var (port, pid) = await PgliteServerFixture.StartPgliteAsync(extensions: "", Ct);
        try
        {
            await using var store = new PostgresIndexStore(PgliteServerFixture.PgliteConnectionString(port));

            var error = await Assert.ThrowsAsync<IndexStoreException>(() => store.OpenAsync(Fingerprint(), Ct));

            Assert.StartsWith($"PostgreSQL at 127.0.0.1:{port}/postgres has no pgvector extension", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', error.Message);
        }
        finally
        {
            await PgliteServerFixture.StopPgliteAsync(pid);
        }
    }

    [Fact]
    public void Translate_WrongPassword_NamesUserAndServerButNotThePassword()
    {
        var target = new NpgsqlConnectionStringBuilder($"Host=db.example;Port=5433;Username=bob;Password={Password};Database=rag");
        var refused = new PostgresException("password authentication failed for user \"bob\"", "FATAL", "FATAL", PostgresErrorCodes.InvalidPassword);

        var error = PostgresErrors.Translate(refused, target);

        Assert.Equal("PostgreSQL at db.example:5433/rag refused the password of user 'bob' (check Store:ConnectionString).", error?.Message);
    }

    [Fact]
    public void Translate_SqlErrorOfAQuery_IsNotAConnectionProblem()
    {
        var target = new NpgsqlConnectionStringBuilder("Host=db;Database=rag");
        var syntax = new PostgresException("syntax error", "ERROR", "ERROR", PostgresErrorCodes.SyntaxError);

        Assert.Null(PostgresErrors.Translate(syntax, target));
    }

    [Fact]
    public void Create_PostgresWithoutConnectionString_SaysWhereToSetIt()
    {
        var error = Assert.Throws<IndexStoreException>(
            () => PostgresIndexStore.Create(new StoreOptions { Provider = "postgres" }, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));

        Assert.Contains("RAGAPP_Store__ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidConnectionString_DoesNotEchoIt()
    {
        var error = Assert.Throws<IndexStoreException>(() => new PostgresIndexStore($"Host=x;Password={Password};NoSuchKeyword=1"));

        Assert.DoesNotContain(Password, error.Message, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
