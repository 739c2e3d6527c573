using System.ComponentModel;
using RagApp.Cli.Hosting;
using RagApp.Infrastructure.VectorStores;
using RagApp.Infrastructure.VectorStores.Sqlite;
using Spectre.Console.Cli;

namespace RagApp.Cli.Commands;

/// <summary>
/// <c>ragapp bench store</c>: loads generated chunks (random normalised vectors, Zipf-like text) into a fresh store and
/// reports load time and dense / keyword / hybrid query latency percentiles. The embedded store is benchmarked in a
/// temporary folder; the query embedding is excluded.
/// </summary>
public sealed class BenchStoreCommand(CommandOutput output, ErrorConsole error) : AsyncCommand<BenchStoreCommand.Settings>
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
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "ragapp-bench-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var benchmark = new IndexStoreBenchmark(new IndexStoreBenchmarkOptions { Chunks = settings.Chunks, Queries = settings.Queries, Top = settings.Top });
            await using var store = new SqliteIndexStore(folder);
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
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Best effort.
            }
        }
    }
}
