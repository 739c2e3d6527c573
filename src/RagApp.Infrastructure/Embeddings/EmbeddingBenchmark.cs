using System.Diagnostics;
using System.Text.Json;
using RagApp.Core.Embeddings;
using RagApp.Core.Evaluation;
using RagApp.Infrastructure.Embeddings.Onnx;

namespace RagApp.Infrastructure.Embeddings;

/// <summary>
/// Embedding throughput (<c>ragapp bench embed</c>): embeds N texts, each one input truncated at the window, and
/// puts the achieved model FLOP/s against the machine's fp32 MatMul rate measured in the same run.
/// </summary>
public sealed class EmbeddingBenchmark(OnnxEmbeddingGenerator generator)
{
    /// <summary>The baseline's batch size: a fixed padded batch in input order.</summary>
    public const int BaselineBatchSize = 32;

    private const int QueryLatencySamples = 50;

    /// <summary>Reads the <c>text</c> of each JSON line of <paramref name="path"/>; at most <paramref name="count"/> when given.</summary>
    public static IReadOnlyList<string> ReadTexts(string path, int? count = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var texts = new List<string>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (count is { } most && texts.Count >= most)
            {
                break;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
                {
                    texts.Add(text.GetString()!);
                }
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{path}:{number}: not a JSON line ({ex.Message.Split('.')[0]})", ex);
            }
        }

        return texts.Count > 0 ? texts : throw new InvalidDataException($"{path}: no line has a \"text\" field");
    }

    /// <summary>
    /// Runs the benchmark. <paramref name="baseline"/>: batches of <see cref="BaselineBatchSize"/> in input order,
    /// padded to each batch's longest text, instead of length-sorted batches under the token budget.
    /// <paramref name="progress"/> gets the number of texts embedded so far, after each batch of the timed run.
    /// </summary>
    public async Task<EmbeddingBenchmarkResult> RunAsync(
        IReadOnlyList<string> texts, bool baseline = false, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var result = await Task.Run(() => Run(texts, baseline, progress, cancellationToken), cancellationToken);
        var (p50, p95) = await MeasureQueryLatencyAsync(texts, cancellationToken);
        return result with { QueryP50Ms = p50, QueryP95Ms = p95 };
    }

    /// <summary>
    /// Latency of embedding one query the way <c>search</c> does (query prefix, one text per call), on a warm encoder:
    /// the first 12 words of up to 50 of the texts.
    /// </summary>
    private async Task<(double P50, double P95)> MeasureQueryLatencyAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var times = new List<double>();
        foreach (var text in texts.Take(QueryLatencySamples))
        {
            var query = string.Join(' ', text.Split((char[]?)null, 13, StringSplitOptions.RemoveEmptyEntries).Take(12));
            var started = Stopwatch.GetTimestamp();
            await generator.GenerateAsync([query], EmbeddingPurpose.ForQuery(), cancellationToken);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return (Math.Round(LatencyPercentile.Of(times, 50), 2), Math.Round(LatencyPercentile.Of(times, 95), 2));
    }

    private EmbeddingBenchmarkResult Run(IReadOnlyList<string> texts, bool baseline, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        // Warm-up: loads (and for int8 quantises) the model and sizes the arena, outside the timed part.
        generator.Embed([.. texts.Take(8)], string.Empty, cancellationToken);
        var hidden = generator.Fingerprint.Dimensions;

        // The GEMM rate, sized like the model's feed-forward MatMul over a batch of tokens ([2048 × h]·[h × 4h]), is
        // measured before and after the run and the higher kept: a neighbour's burst during one probe would otherwise
        // lower the ceiling and flatter the share.
        var gemmBefore = GemmProbe.MeasureGflops(generator.Threads, m: 2048, k: hidden, n: 4 * hidden, TimeSpan.FromSeconds(2));
        var started = Stopwatch.GetTimestamp();
        var (_, tokens) = generator.Embed(texts, string.Empty, cancellationToken, baseline ? BaselineBatchSize : 0, progress);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        var lengths = texts.Select(text => generator.Tokenize(text).Length).ToArray();
        var cost = new ModelFlopCount(generator.Loader.ReadMatMulCost(), hidden);
        var modelFlops = lengths.Sum(cost.OfText);
        var gemmAfter = GemmProbe.MeasureGflops(generator.Threads, m: 2048, k: hidden, n: 4 * hidden, TimeSpan.FromSeconds(2));
        var gemmGflops = Math.Max(gemmBefore, gemmAfter);
        var modelGflops = modelFlops / seconds / 1e9;
        return new EmbeddingBenchmarkResult(
            texts.Count, Math.Round(seconds, 3), Math.Round(texts.Count / seconds, 2), Math.Round(tokens / seconds, 1),
            generator.Quantization, Math.Round(gemmGflops, 2), Math.Round(modelGflops / gemmGflops, 4),
            baseline ? $"fixed-{BaselineBatchSize}-input-order" : "sorted-token-budget", Math.Round(modelGflops, 2), generator.Threads)
        {
            PaddingFactor = baseline ? Math.Round(cost.OfBaseline(lengths) / modelFlops, 3) : null,
        };
    }
}
