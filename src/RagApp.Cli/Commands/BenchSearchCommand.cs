using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using RagApp.Cli.Hosting;
using RagApp.Core.Evaluation;
using RagApp.Core.Options;
using Spectre.Console.Cli;

namespace RagApp.Cli.Commands;

/// <summary>
/// <c>ragapp bench search</c>: what a user waits for a one-shot <c>ragapp search</c>, from starting the process to its
/// exit (runtime start, configuration, opening the index, loading the encoder, embedding the query, both searches,
/// the JSON written). Each run is a new process; one unmeasured run first puts the files in the operating system's
/// cache, as they are for a user who searches twice.
/// </summary>
public sealed class BenchSearchCommand(IOptions<RetrievalOptions> retrieval, CommandOutput output, ErrorConsole error) : AsyncCommand<BenchSearchCommand.Settings>
{
    public sealed class Settings : JsonSettings
    {
        [CommandArgument(0, "[QUERY]")]
        [Description("The query (default: a short question)")]
        public string Query { get; init; } = "what are the main findings";

        [CommandOption("--runs <N>")]
        [Description("Measured processes (default 6), after one unmeasured warm-up")]
        public int Runs { get; init; } = 6;

        [CommandOption("--mode <MODE>")]
        [Description("hybrid (default: Retrieval:Mode), dense or keyword")]
        public string? Mode { get; init; }

        public override Spectre.Console.ValidationResult Validate() => Runs < 1
            ? Spectre.Console.ValidationResult.Error("--runs: give a number of processes of at least 1")
            : base.Validate();
    }

    public sealed record Result(
        [property: JsonPropertyName("query")] string Query,
        [property: JsonPropertyName("mode")] string Mode,
        [property: JsonPropertyName("seconds")] IReadOnlyList<double> Seconds,
        [property: JsonPropertyName("medianSeconds")] double MedianSeconds,
        [property: JsonPropertyName("medianRetrievalMs")] double MedianRetrievalMs,
        [property: JsonPropertyName("results")] int Results);

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        List<string> args = ["search", settings.Query, "--json"];
        AddOption(args, "--index", settings.Index);
        AddOption(args, "--config", settings.Config);
        AddOption(args, "--mode", settings.Mode);

        error.WriteLine($"{settings.Runs + 1} cold searches, one process each (the first unmeasured)...");
        await RunAsync(args, cancellationToken);
        var runs = new List<(double Seconds, double RetrievalMs, int Results)>();
        for (var i = 0; i < settings.Runs; i++)
        {
            runs.Add(await RunAsync(args, cancellationToken));
        }

        var result = new Result(
            settings.Query,
            (settings.Mode ?? retrieval.Value.Mode).ToLowerInvariant(),
            [.. runs.Select(r => Math.Round(r.Seconds, 3))],
            Math.Round(LatencyPercentile.Of([.. runs.Select(r => r.Seconds)], 50), 3),
            Math.Round(LatencyPercentile.Of([.. runs.Select(r => r.RetrievalMs)], 50), 1),
            runs[^1].Results);
        if (settings.Json)
        {
            output.WriteJson(result);
        }
        else
        {
            output.WriteLine($"cold search ({result.Mode} mode), {runs.Count} processes: median {result.MedianSeconds:F2} s from start to exit "
                + $"({runs.Min(r => r.Seconds):F2}-{runs.Max(r => r.Seconds):F2} s); retrieval inside the process, encoder loading included, "
                + $"median {result.MedianRetrievalMs:F0} ms; {result.Results} results");
        }

        return ExitCodes.Success;
    }

    /// <summary>One child <c>ragapp search</c>: wall time, its own retrieval time, result count; its error if it fails.</summary>
    private static async Task<(double Seconds, double RetrievalMs, int Results)> RunAsync(List<string> args, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(SelfProcess.StartInfo(args)) ?? throw new InvalidOperationException("could not start ragapp search");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var seconds = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
        {
            var reason = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()?.Replace("error: ", string.Empty, StringComparison.Ordinal);
            var message = $"the search failed: {reason ?? $"exit code {process.ExitCode}"}";
            throw process.ExitCode == ExitCodes.Usage ? new UsageException(message) : new InvalidOperationException(message);
        }

        using var json = JsonDocument.Parse(await stdout);
        return (seconds, json.RootElement.GetProperty("ms").GetDouble(), json.RootElement.GetProperty("results").GetArrayLength());
    }

    private static void AddOption(List<string> args, string name, string? value)
    {
        if (value is not null)
        {
            args.Add(name);
            args.Add(value);
        }
    }
}
