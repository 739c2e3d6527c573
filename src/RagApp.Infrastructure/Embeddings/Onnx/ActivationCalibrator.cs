using Microsoft.ML.OnnxRuntime;

namespace RagApp.Infrastructure.Embeddings.Onnx;

/// <summary>
/// Runs an fp32 encoder over calibration sequences with some of its inner values made graph outputs, and reports the
/// largest |value| each channel (last axis) of those values takes. Sequences run one at a time, so no padding enters the
/// figures. The session is made for one short use: no arena, no pre-packed weights, no graph optimisation.
/// </summary>
internal static class ActivationCalibrator
{
    /// <summary>
    /// The model with <paramref name="values"/> made graph outputs as well, for <see cref="MaxAbsPerChannel"/>: the same
    /// bytes followed by a second <c>ModelProto.graph</c> field that holds only those outputs. Protobuf merges the two
    /// (repeated fields concatenate), so this takes one copy of the model and no rewriting, and the original model is the
    /// result's first <paramref name="model"/>.Length bytes.
    /// </summary>
    public static byte[] WithOutputs(ReadOnlySpan<byte> model, IReadOnlyList<string> values)
    {
        var graph = new ProtoWriter();
        foreach (var value in values)
        {
            graph.WriteBytesField(12, OnnxGraphRewriter.FloatValueInfo(value));
        }

        var tail = new ProtoWriter();
        tail.WriteBytesField(7, graph.WrittenSpan);
        var result = new byte[model.Length + tail.WrittenSpan.Length];
        model.CopyTo(result);
        tail.WrittenSpan.CopyTo(result.AsSpan(model.Length));
        return result;
    }

    /// <summary>
    /// Per channel, the largest |value| each of <paramref name="values"/> takes over <paramref name="sequences"/>;
    /// <paramref name="observed"/> has them among its outputs (<see cref="WithOutputs"/>).
    /// </summary>
    public static Dictionary<string, float[]> MaxAbsPerChannel(byte[] observed, IReadOnlyList<string> values, IReadOnlyList<int[]> sequences, int threads)
    {
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL,
            EnableCpuMemArena = false,
            EnableMemoryPattern = false,
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
        };
        options.AddSessionConfigEntry("session.disable_prepacking", "1");

        // Whatever the caller dropped (the model this one was made from) goes before ONNX Runtime makes its own copy.
        Collect();
        using var session = new InferenceSession(observed, options);
        Collect();

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

    private static void Collect() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
}
