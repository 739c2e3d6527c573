using System.ComponentModel;
using RagApp.Cli.Hosting;
using RagApp.Cli.Rendering;
using RagApp.Infrastructure.Embeddings;
using Spectre.Console.Cli;

namespace RagApp.Cli.Commands;

/// <summary>
/// <c>ragapp bench embed --input F</c>: embedding throughput on a JSONL file of <c>{"text"}</c> lines, each one input
/// (truncated at the window), with the machine's own fp32 matrix-multiply rate measured in the same run.
/// </summary>
public sealed class BenchEmbedCommand(OnnxEmbeddingGenerator generator, CommandOutput output, ErrorConsole error) : AsyncCommand<BenchEmbedCommand.Settings>
{
    public sealed class Settings : JsonSettings
    {
        [CommandOption("--input <FILE>", isRequired: true)]
        [Description("JSONL file with a \"text\" field per line")]
        public string Input { get; init; } = "";

        [CommandOption("-n|--count <N>")]
        [Description("Use the first N lines (default: all)")]
        public int? Count { get; init; }

        [CommandOption("--quantization <Q>")]
        [Description("none or int8 (overrides Embeddings:Quantization)")]
        public string? Quantization { get; init; }

        [CommandOption("--baseline")]
        [Description("Also run the padded, fixed batch-32 baseline in the same process and report the speed-up")]
        public bool Baseline { get; init; }

        [CommandOption("--repeat <N>")]
        [Description("Run N rounds (each: the benchmark, then the baseline if asked) and report the median (default: 1)")]
        public int Repeat { get; init; } = 1;

        public override Spectre.Console.ValidationResult Validate() => this switch
        {
            { Repeat: < 1 } => Spectre.Console.ValidationResult.Error("--repeat: give a number of rounds of at least 1"),
            { Count: < 1 } => Spectre.Console.ValidationResult.Error("--n: give a number of lines of at least 1"),
            _ => base.Validate(),
        };
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (!File.Exists(settings.Input))
        {
            throw new UsageException($"--input: '{settings.Input}': no such file");
        }

        var texts = EmbeddingBenchmark.ReadTexts(settings.Input, settings.Count);
        error.WriteLine($"embedding {texts.Count} passages with {generator.Fingerprint.Describe()}...");
        var benchmark = new EmbeddingBenchmark(generator);
        var rounds = new List<(EmbeddingBenchmarkResult Result, EmbeddingBenchmarkResult? Baseline)>();
        for (var round = 1; round <= settings.Repeat; round++)
        {
            var result = await benchmark.RunAsync(texts, baseline: false, Progress("sorted batches", texts.Count), cancellationToken);
            EmbeddingBenchmarkResult? baseline = null;
            if (settings.Baseline)
            {
                error.WriteLine("baseline: fixed batches of 32 in input order...");
                baseline = await benchmark.RunAsync(texts, baseline: true, Progress("baseline", texts.Count), cancellationToken);
            }

            rounds.Add((result, baseline));
            if (!settings.Json)
            {
                Print(result);
                if (baseline is not null)
                {
                    Print(baseline);
                    output.WriteLine($"speed-up over the baseline: {SpeedUp(result, baseline):F2}x "
                        + $"(its padding alone makes it compute {baseline.PaddingFactor:F2}x the useful FLOPs)");
                }
            }
            else if (baseline is not null)
            {
                error.WriteLine($"baseline {baseline.PassagesPerSecond:F1} passages/s; speed-up {SpeedUp(result, baseline):F2}x");
            }
        }

        // Rounds alternate the two runs, so a noisy minute weighs on both; the median round is the figure to quote.
        var median = rounds.OrderBy(r => r.Result.PassagesPerSecond).ElementAt(rounds.Count / 2).Result;
        var speedUps = rounds.Where(r => r.Baseline is not null).Select(r => Math.Round(SpeedUp(r.Result, r.Baseline!), 3)).ToList();
        var summary = speedUps.Count == 0 ? median : median with
        {
            SpeedUps = speedUps,
            MedianSpeedUp = speedUps.Order().ElementAt(speedUps.Count / 2),
            PaddingFactor = rounds[0].Baseline!.PaddingFactor,
        };
        if (settings.Json)
        {
            output.WriteJson(summary with { PeakMemoryMb = PeakMemory.Megabytes() });
        }
        else if (rounds.Count > 1)
        {
            output.WriteLine($"median of {rounds.Count} rounds: {median.PassagesPerSecond:F1} passages/s ({median.CeilingShare:P1} of the GEMM rate)"
                + (summary.MedianSpeedUp is { } speedUp ? $"; speed-up over the baseline {speedUp:F2}x" : string.Empty));
        }

        return ExitCodes.Success;
    }

    /// <summary>A plain line on standard error at most every two seconds while a run embeds.</summary>
    private SyncProgress<int> Progress(string run, int total)
    {
        var lastLine = DateTime.UtcNow;
        return new SyncProgress<int>(done =>
        {
            if (done < total && DateTime.UtcNow - lastLine > TimeSpan.FromSeconds(2))
            {
                error.WriteLine($"{run}: {done}/{total} passages");
                lastLine = DateTime.UtcNow;
            }
        });
    }

    private static double SpeedUp(EmbeddingBenchmarkResult result, EmbeddingBenchmarkResult baseline) =>
        result.PassagesPerSecond / baseline.PassagesPerSecond;

    private void Print(EmbeddingBenchmarkResult r) =>
        output.WriteLine($"{r.Batching}: {r.Passages} passages in {r.Seconds:F1} s = {r.PassagesPerSecond:F1} passages/s, {r.TokensPerSecond:F0} tokens/s, "
            + $"{r.Quantization}, {r.Threads} threads; model {r.ModelGflops:F1} GFLOP/s of a measured {r.GemmGflops:F1} GFLOP/s fp32 GEMM ({r.CeilingShare:P1}); "
            + $"one query {r.QueryP50Ms:F1} ms (p95 {r.QueryP95Ms:F1})");
}
