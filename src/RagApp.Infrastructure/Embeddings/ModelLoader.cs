using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using RagApp.Infrastructure.Embeddings.Onnx;

namespace RagApp.Infrastructure.Embeddings;

/// <summary>
/// Reads an encoder's model bytes, hashes them once per process (keyed by resource name or path, length and time),
/// and creates the ONNX Runtime session: fp32 from memory, or int8 from a quantised copy cached beside the index.
/// </summary>
internal sealed class ModelLoader(EncoderModel model, string? quantization, string indexPath, ILogger logger)
{
    public const string None = "none";
    public const string Int8 = "int8";

    // Part of the cache file name: a change to the quantiser must not reuse models quantised the old way.
    private const string QuantizerVersion = "q1";

    private static readonly ConcurrentDictionary<string, string> s_sha256 = new(StringComparer.Ordinal);

    public string Quantization { get; } = string.IsNullOrWhiteSpace(quantization) ? None : quantization.Trim().ToLowerInvariant() switch
    {
        None => None,
        Int8 => Int8,
        _ => throw new InvalidOperationException($"Embeddings:Quantization '{quantization}' is not supported; use 'none' or 'int8'."),
    };

    /// <summary>The sha256 of the fp32 model bytes (hex, lower case).</summary>
    public string ModelSha256 => s_sha256.GetOrAdd(model.ModelKey, _ =>
    {
        using var stream = model.OpenModel();
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    });

    /// <summary>The hidden size declared by the model's output, read from its protobuf.</summary>
    public int? ReadDimensions() => OnnxModelInspector.ReadHiddenSize(ReadModel());

    /// <summary>FLOPs per token of the weight MatMuls of the fp32 model, and their count.</summary>
    public (double FlopsPerToken, int Count) ReadMatMulCost() => OnnxModelInspector.ReadWeightMatMulCost(ReadModel());

    /// <summary>Where the int8 copy of the model is cached.</summary>
    public string QuantizedModelPath =>
        Path.Combine(Path.GetFullPath(indexPath), "models", $"{model.Name}-int8-{QuantizerVersion}-{ModelSha256[..16]}.onnx");

    public InferenceSession CreateSession(SessionOptions options)
    {
        if (Quantization == Int8)
        {
            var path = EnsureQuantizedModel();
            EmbeddingLog.SessionLoading(logger, model.Name, path);
            return new InferenceSession(path, options);
        }

        var bytes = ReadModel();
        s_sha256.TryAdd(model.ModelKey, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        EmbeddingLog.SessionLoading(logger, model.Name, model.ModelKey);
        return new InferenceSession(bytes, options);
    }

    private byte[] ReadModel()
    {
        using var stream = model.OpenModel();
        using var memory = new MemoryStream(stream.CanSeek ? (int)stream.Length : 0);
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private string EnsureQuantizedModel()
    {
        var path = QuantizedModelPath;
        if (File.Exists(path))
        {
            return path;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var quantized = DynamicQuantizer.Quantize(ReadModel());
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        // Write then rename, so a crash or a concurrent process never leaves a half-written model under the final name.
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temporary, quantized);
        try
        {
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        EmbeddingLog.ModelQuantized(logger, model.Name, path, seconds);
        return path;
    }
}
