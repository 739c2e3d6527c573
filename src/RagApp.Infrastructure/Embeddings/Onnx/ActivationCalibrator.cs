using Microsoft.ML.OnnxRuntime;

namespace RagApp.Infrastructure.Embeddings.Onnx;

/// <summary>
/// Runs an fp32 encoder over calibration sequences with some of its inner values made graph outputs, and reports the
/// largest |value| each channel (last axis) of those values takes. Sequences run one at a time, so no padding enters the
/// figures. The session is made for one short use: no arena, no pre-packed weights, no graph optimisation.
/// </summary>
internal static class ActivationCalibrator
{
    private const int FloatElementType = 1;

    public static Dictionary<string, float[]> MaxAbsPerChannel(byte[] model, IReadOnlyList<string> values, IReadOnlyList<int[]> sequences, int threads)
    {
        var observed = OnnxGraphRewriter.Rewrite(model, graph =>
        {
            var writer = OnnxGraphRewriter.CopyGraph(graph, graph.Length + 1024, (_, _, _) => false);
            foreach (var value in values)
            {
                writer.WriteBytesField(12, FloatOutput(value));
            }

            return writer;
        }) ?? throw new InvalidOperationException("The model has no graph to calibrate.");

        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL,
            EnableCpuMemArena = false,
            EnableMemoryPattern = false,
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
        };
        options.AddSessionConfigEntry("session.disable_prepacking", "1");
        using var session = new InferenceSession(observed, options);
        observed = [];

        var inputNames = session.InputMetadata.Keys.ToArray();
        var maxima = new Dictionary<string, float[]>(StringComparer.Ordinal);
        using var runOptions = new RunOptions();
        foreach (var sequence in sequences)
        {
            long[] shape = [1, sequence.Length];
            var inputs = inputNames.Select(name => OrtValue.CreateTensorValueFromMemory(InputFor(name, sequence), shape)).ToArray();
            try
            {
                using var outputs = session.Run(runOptions, inputNames, inputs, [.. values]);
                for (var i = 0; i < values.Count; i++)
                {
                    Accumulate(outputs[i], maxima, values[i]);
                }
            }
            finally
            {
                foreach (var input in inputs)
                {
                    input.Dispose();
                }
            }
        }

        return maxima;
    }

    /// <summary>The token ids, a mask of ones or token types of zeros, by the input's conventional name.</summary>
    private static long[] InputFor(string name, int[] sequence) => name switch
    {
        "attention_mask" => Enumerable.Repeat(1L, sequence.Length).ToArray(),
        "token_type_ids" => new long[sequence.Length],
        "input_ids" => Array.ConvertAll(sequence, id => (long)id),
        _ => throw new InvalidOperationException($"The encoder has an input '{name}' that calibration cannot fill."),
    };

    private static void Accumulate(OrtValue output, Dictionary<string, float[]> maxima, string name)
    {
        var data = output.GetTensorDataAsSpan<float>();
        var channels = (int)output.GetTensorTypeAndShape().Shape[^1];
        if (!maxima.TryGetValue(name, out var max))
        {
            maxima[name] = max = new float[channels];
        }

        for (var offset = 0; offset + channels <= data.Length; offset += channels)
        {
            var row = data.Slice(offset, channels);
            for (var j = 0; j < channels; j++)
            {
                max[j] = Math.Max(max[j], Math.Abs(row[j]));
            }
        }
    }

    /// <summary>A <c>ValueInfoProto</c> for an fp32 tensor of any shape.</summary>
    private static byte[] FloatOutput(string name)
    {
        var tensorType = new ProtoWriter();
        tensorType.WriteVarintField(1, FloatElementType);
        var type = new ProtoWriter();
        type.WriteBytesField(1, tensorType.WrittenSpan);
        var valueInfo = new ProtoWriter();
        valueInfo.WriteStringField(1, name);
        valueInfo.WriteBytesField(2, type.WrittenSpan);
        return valueInfo.WrittenSpan.ToArray();
    }
}
