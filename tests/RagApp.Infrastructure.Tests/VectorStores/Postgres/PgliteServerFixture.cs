using System.Diagnostics;
using System.Text.RegularExpressions;
using Npgsql;
using Xunit;

namespace RagApp.Infrastructure.Tests.VectorStores.Postgres;

/// <summary>
/// A PostgreSQL server with pgvector for the store tests: the server named by <c>RAGAPP_TEST_POSTGRES</c> (a
/// connection string) when set, else PGlite (PostgreSQL compiled to WebAssembly) started on a free loopback port
/// with <c>tools/pglite/start.sh</c> and stopped afterwards. Each test works in a schema of its own.
/// </summary>
public sealed partial class PgliteServerFixture : IAsyncLifetime
{
    public const string EnvironmentVariable = "RAGAPP_TEST_POSTGRES";

    private readonly List<string> _schemas = [];
    private string? _pid;

    /// <summary>The server's connection string.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>True when the tests run on PGlite, false on a real server from <see cref="EnvironmentVariable"/>.</summary>
    public bool IsPglite { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            ConnectionString = external;
            return;
        }

        var (port, pid) = await StartPgliteAsync(extensions: null, TestContext.Current.CancellationToken);
        _pid = pid;
        IsPglite = true;
        ConnectionString = PgliteConnectionString(port);
    }

    public async ValueTask DisposeAsync()
    {
        if (_schemas.Count > 0 && !string.IsNullOrEmpty(ConnectionString) && !IsPglite)
        {
            // A real server keeps what the tests wrote; PGlite's in-memory database goes with the process.
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            foreach (var schema in _schemas)
            {
                await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
                await drop.ExecuteNonQueryAsync();
            }
        }

        if (_pid is not null)
        {
            await StopPgliteAsync(_pid);
        }
    }

    /// <summary>A new schema name for one test; dropped at the end on a real server.</summary>
    public string NewSchema()
    {
        var schema = "t_" + Guid.NewGuid().ToString("N")[..20];
        lock (_schemas)
        {
            _schemas.Add(schema);
        }

        return schema;
    }

    /// <summary>A connection string for PGlite on <paramref name="port"/> (PGlite takes any user and password).</summary>
    public static string PgliteConnectionString(int port) =>
        $"Host=127.0.0.1;Port={port};Username=postgres;Password=postgres;Database=postgres;Maximum Pool Size=4;Timeout=60;Command Timeout=300";

    /// <summary>Starts a PGlite server; <paramref name="extensions"/> overrides its extension list ("" for none).</summary>
    public static async Task<(int Port, string Pid)> StartPgliteAsync(string? extensions, CancellationToken cancellationToken)
    {
        var output = await RunScriptAsync(["start"], extensions, cancellationToken);
        var match = StartedLine().Match(output);
        if (!match.Success)
        {
            throw new InvalidOperationException("tools/pglite/start.sh printed no PORT=... PID=... line: " + output);
        }

        return (int.Parse(match.Groups["port"].Value), match.Groups["pid"].Value);
    }

    public static async Task StopPgliteAsync(string pid) => await RunScriptAsync(["stop", pid], null, CancellationToken.None);

    private static async Task<string> RunScriptAsync(string[] arguments, string? extensions, CancellationToken cancellationToken)
    {
        var script = Path.Combine(FindRepositoryRoot(), "tools", "pglite", "start.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (extensions is not null)
        {
            start.Environment["PGLITE_EXTENSIONS"] = extensions;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not run bash " + script);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"Could not start PGlite for the PostgreSQL store tests ({script} exited with {process.ExitCode}): {(await stderr).Trim()} " +
                $"The tests need node and npm on PATH, or a server given in {EnvironmentVariable}.");
        }

        return await stdout;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RagApp.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("RagApp.sln not found above " + AppContext.BaseDirectory + "; cannot find tools/pglite.");
    }

    [GeneratedRegex(@"PORT=(?<port>\d+) PID=(?<pid>\d+)")]
    private static partial Regex StartedLine();
}
