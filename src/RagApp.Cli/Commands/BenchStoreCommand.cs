using System.ComponentModel;
using Microsoft.Extensions.Options;
using RagApp.Cli.Hosting;
using RagApp.Core.Options;
using RagApp.Core.Retrieval;
using RagApp.Infrastructure.VectorStores;
using RagApp.Infrastructure.VectorStores.Postgres;
using RagApp.Infrastructure.VectorStores.Sqlite;
using Spectre.Console.Cli;

namespace RagApp.Cli.Commands;

/// <summary>
/// <c>ragapp bench store</c>: loads generated chunks (random normalised vectors, Zipf-like text) into a fresh store and
/// reports load time and dense / keyword / hybrid query latency percentiles. The embedded store is benchmarked in a
/// temporary folder, PostgreSQL (Store:ConnectionString) in a temporary schema dropped afterwards; the query embedding
/// is excluded.
/// </summary>
public sealed class BenchStoreCommand(IOptions<StoreOptions> storeOptions, CommandOutput output, ErrorConsole error) : AsyncCommand<BenchStoreCommand.Settings>
{
    public sealed class Settings : JsonSettings
    {
        [CommandOption("--chunks <N>")]
        [Description("Chunks to load (default 100000)")]
        public int Chunks { get; init; } = 100_000;

        [CommandOption("--queries <N>")]
        [Description("Queries per mode (default 200)")]
        public int Queries { get; init; } = 200;

        [CommandOption("--top <K>")]
        [Description("Results per query (default 10)")]
        public int Top { get; init; } = 10;

        [CommandOption("--store <STORE>")]
        [Description("sqlite (default) or postgres (Store:ConnectionString)")]
        public string Store { get; init; } = "sqlite";
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var scratch = "ragapp_bench_" + Guid.NewGuid().ToString("N")[..12];
        var folder = Path.Combine(Path.GetTempPath(), scratch);
        var postgres = settings.Store.ToLowerInvariant() switch
        {
            "sqlite" => false,
            "postgres" => true,
            _ => throw new UsageException($"--store must be sqlite or postgres, not '{settings.Store}'"),
        };
        var connectionString = storeOptions.Value.ConnectionString;
        if (postgres && string.IsNullOrWhiteSpace(connectionString))
        {
            throw new UsageException("--store postgres needs Store:ConnectionString (RAGAPP_Store__ConnectionString)");
        }

        try
        {
            var benchmark = new IndexStoreBenchmark(new IndexStoreBenchmarkOptions { Chunks = settings.Chunks, Queries = settings.Queries, Top = settings.Top });
            await using IIndexStore store = postgres ? new PostgresIndexStore(connectionString!, schema: scratch) : new SqliteIndexStore(folder);
            var result = await benchmark.RunAsync(store, new Rendering.SyncProgress<string>(error.WriteLine), cancellationToken);
            if (settings.Json)
            {
                output.WriteJson(result);
            }
            else
            {
                output.WriteLine(result.ToString());
            }

            return ExitCodes.Success;
        }
        finally
        {
            if (postgres)
            {
                await PostgresSchemaDrop.DropAsync(connectionString!, scratch, CancellationToken.None);
            }

            try
            {
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
            catch (IOException)
            {
                // Best effort.
            }
        }
    }
}
