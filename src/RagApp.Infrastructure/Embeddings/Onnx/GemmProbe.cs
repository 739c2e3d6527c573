using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;

namespace RagApp.Infrastructure.Embeddings.Onnx;

/// <summary>
/// Measures the machine's fp32 matrix-multiply rate with ONNX Runtime's own kernel (a generated one-MatMul model),
/// on the same thread count as the encoder, so the encoder's throughput can be put against the hardware's ceiling.
/// </summary>
internal static class GemmProbe
{
    /// <summary>GFLOP/s of the best of several timed [m×k]·[k×n] products within about <paramref name="budget"/>.</summary>
    public static double MeasureGflops(int threads, int m, int k, int n, TimeSpan budget)
    {
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
        };
        using var session = new InferenceSession(MatMulModel(m, k, n), options);
        var a = new float[m * k];
        var random = new Random(7);
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = (float)(random.NextDouble() - 0.5);
        }

        using var input = OrtValue.CreateTensorValueFromMemory(a, [m, k]);
        using var runOptions = new RunOptions();
        string[] inputNames = ["A"];
        string[] outputNames = ["Y"];
        using (session.Run(runOptions, inputNames, [input], outputNames))
        {
            // Warm-up: arena allocation and weight pre-packing.
        }

        var best = double.MaxValue;
        var total = Stopwatch.StartNew();
        for (var run = 0; run < 3 || (run < 50 && total.Elapsed < budget); run++)
        {
            var started = Stopwatch.GetTimestamp();
            using (session.Run(runOptions, inputNames, [input], outputNames))
            {
            }

            best = Math.Min(best, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }

        return 2.0 * m * k * n / best / 1e9;
    }

    private static byte[] MatMulModel(int m, int k, int n)
    {
        var weights = new float[k * n];
        var random = new Random(11);
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)(random.NextDouble() - 0.5) * 0.1f;
        }

        var node = OnnxGraphRewriter.Node(string.Empty, "MatMul", ["A", "B"], ["Y"]);

        var graph = new ProtoWriter(weights.Length * 4 + 256);
        graph.WriteBytesField(1, node);
        graph.WriteStringField(2, "gemm-probe");
        graph.WriteBytesField(5, OnnxGraphRewriter.FloatTensor("B", [k, n], weights));
        graph.WriteBytesField(11, OnnxGraphRewriter.FloatValueInfo("A", m, k));
        graph.WriteBytesField(12, OnnxGraphRewriter.FloatValueInfo("Y", m, n));

        var opset = new ProtoWriter();
        opset.WriteStringField(1, string.Empty);
        opset.WriteVarintField(2, 13);

        var model = new ProtoWriter(weights.Length * 4 + 512);
        model.WriteVarintField(1, 8);
        model.WriteBytesField(7, graph.WrittenSpan);
        model.WriteBytesField(8, opset.WrittenSpan);
        return model.WrittenSpan.ToArray();
    }
}
