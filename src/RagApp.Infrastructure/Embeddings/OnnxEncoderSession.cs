using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace RagApp.Infrastructure.Embeddings;

/// <summary>
/// One ONNX Runtime session of a BERT-family encoder, and the pooling of its token states into sentence vectors.
/// <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/>
/// is thread-safe, so one instance serves every caller.
/// </summary>
internal sealed class OnnxEncoderSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly bool _hasTokenTypes;
    private readonly bool _clsPooling;
    private readonly bool _normalize;

    public OnnxEncoderSession(InferenceSession session, string pooling, bool normalize)
    {
        _session = session;
        _clsPooling = pooling == EncoderModel.ClsPooling;
        _normalize = normalize;
        foreach (var required in new[] { "input_ids", "attention_mask" })
        {
            if (!session.InputMetadata.ContainsKey(required))
            {
                throw new InvalidOperationException($"The ONNX model has no '{required}' input; it is not a BERT-family encoder.");
            }
        }

        _hasTokenTypes = session.InputMetadata.ContainsKey("token_type_ids");
        _inputNames = _hasTokenTypes ? ["input_ids", "attention_mask", "token_type_ids"] : ["input_ids", "attention_mask"];

        // The token states: "last_hidden_state" / "token_embeddings", or else the first output of rank 3.
        var output = session.OutputMetadata.FirstOrDefault(o => o.Key is "last_hidden_state" or "token_embeddings");
        if (output.Key is null)
        {
            output = session.OutputMetadata.FirstOrDefault(o => o.Value.Dimensions.Length == 3);
        }

        if (output.Key is null)
        {
            throw new InvalidOperationException("The ONNX model has no [batch, sequence, hidden] output to pool.");
        }

        _outputNames = [output.Key];
        Dimensions = output.Value.Dimensions[^1];
    }

    /// <summary>The hidden size, or -1 when the model leaves it symbolic (then the first run tells).</summary>
    public int Dimensions { get; private set; }

    public bool HasTokenTypes => _hasTokenTypes;

    /// <summary>
    /// Runs one batch: rows <paramref name="order"/>[start..start+count] of <paramref name="tokens"/>, padded to
    /// <paramref name="sequenceLength"/>; writes each pooled vector to <paramref name="results"/> at its input index.
    /// </summary>
    public void Run(int[][] tokens, int[] order, int start, int count, int sequenceLength, float[][] results, BatchBuffers buffers, RunOptions runOptions)
    {
        var cells = count * sequenceLength;
        var ids = buffers.InputIds.AsMemory(0, cells);
        var mask = buffers.AttentionMask.AsMemory(0, cells);
        ids.Span.Clear();
        mask.Span.Clear();
        for (var row = 0; row < count; row++)
        {
            var source = tokens[order[start + row]];
            var idRow = ids.Span.Slice(row * sequenceLength, source.Length);
            for (var j = 0; j < source.Length; j++)
            {
                idRow[j] = source[j];
            }

            mask.Span.Slice(row * sequenceLength, source.Length).Fill(1);
        }

        long[] shape = [count, sequenceLength];
        var memoryInfo = OrtMemoryInfo.DefaultInstance;
        using var idValue = OrtValue.CreateTensorValueFromMemory(memoryInfo, ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(memoryInfo, mask, shape);
        using var typeValue = _hasTokenTypes ? OrtValue.CreateTensorValueFromMemory(memoryInfo, buffers.TokenTypes.AsMemory(0, cells), shape) : null;
        OrtValue[] inputs = typeValue is null ? [idValue, maskValue] : [idValue, maskValue, typeValue];

        using var outputs = _session.Run(runOptions, _inputNames, inputs, _outputNames);
        var hidden = outputs[0].GetTensorDataAsSpan<float>();
        var dimensions = hidden.Length / cells;
        Dimensions = dimensions;
        for (var row = 0; row < count; row++)
        {
            var length = tokens[order[start + row]].Length;
            var states = hidden.Slice(row * sequenceLength * dimensions, length * dimensions);
            results[order[start + row]] = Pool(states, length, dimensions);
        }
    }

    private float[] Pool(ReadOnlySpan<float> states, int length, int dimensions)
    {
        var vector = new float[dimensions];
        if (_clsPooling)
        {
            states[..dimensions].CopyTo(vector);
        }
        else
        {
            // Mean over the attention mask: only the row's real tokens are in `states`.
            for (var t = 0; t < length; t++)
            {
                TensorPrimitives.Add(vector, states.Slice(t * dimensions, dimensions), vector);
            }

            TensorPrimitives.Multiply(vector, 1f / Math.Max(length, 1), vector);
        }

        if (_normalize)
        {
            var norm = TensorPrimitives.Norm(vector);
            TensorPrimitives.Multiply(vector, 1f / Math.Max(norm, 1e-12f), vector);
        }

        return vector;
    }

    public void Dispose() => _session.Dispose();
}
