using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using RagApp.Infrastructure.Embeddings.Onnx;
using RagApp.Infrastructure.Embeddings.Tokenization;

namespace RagApp.Infrastructure.Embeddings;

/// <summary>
/// Reads an encoder's model bytes, hashes them once (keyed by resource name or path, length and build or time; the hash is
/// kept beside the index so a new process need not read the model to know it), and creates the ONNX Runtime session:
/// fp32 from a graph-optimised copy cached beside the index (reading the 90 MB resource and optimising the graph take
/// seconds that every cold <c>search</c> would otherwise pay), or int8 from a quantised copy cached there too. Both cached
/// graphs keep their weights in a separate file that ONNX Runtime maps into memory instead of parsing them out of the
/// protobuf: a session loads in 0.03-0.2 s instead of 0.6-1 s.
/// </summary>
/// <param name="model">The encoder.</param>
/// <param name="quantization"><c>none</c> or <c>int8</c>.</param>
/// <param name="indexPath">The index folder, where the optimised copies are cached.</param>
/// <param name="logger">Where loading and quantising are logged.</param>
/// <param name="tokenizer">The encoder's tokenizer (for int8's calibration passages; the generator's own, made once).</param>
internal sealed class ModelLoader(EncoderModel model, string? quantization, string indexPath, ILogger logger, Func<BertWordPieceTokenizer> tokenizer)
{
    public const string None = "none";
    public const string Int8 = "int8";

    // Part of the cache file name: a change to the quantiser must not reuse models quantised the old way.
    // q2: bias adds folded into the quantised MatMuls; q3: QAttention; q4: saved like the fp32 copy, weights in a file of
    // their own; q5: outlier feed-forward channels split off, their down projection in fp32.
    private const string QuantizerVersion = "q5";

    private static readonly ConcurrentDictionary<string, string> s_sha256 = new(StringComparer.Ordinal);

    public string Quantization { get; } = string.IsNullOrWhiteSpace(quantization) ? None : quantization.Trim().ToLowerInvariant() switch
    {
        None => None,
        Int8 => Int8,
        _ => throw new InvalidOperationException($"Embeddings:Quantization '{quantization}' is not supported; use 'none' or 'int8'."),
    };

    // Part of the optimised model's file name, for the same reason. o2: weights in a separate file; o3: fused attention.
    private const string OptimizerVersion = "o3";

    private readonly ModelCacheFolder _cache = new(indexPath, model.Name);
    private bool _remembered;

    /// <summary>The sha256 of the fp32 model bytes (hex, lower case), remembered beside this index.</summary>
    public string ModelSha256
    {
        get
        {
            var sha256 = s_sha256.GetOrAdd(model.ModelKey, _ => _cache.ReadRememberedSha256(model.ModelKey) ?? ComputeSha256());

            // Another index in this process may have computed it: remember it beside this index too, once.
            if (!_remembered)
            {
                _remembered = true;
                if (!string.Equals(_cache.ReadRememberedSha256(model.ModelKey), sha256, StringComparison.Ordinal))
                {
                    _cache.RememberSha256(model.ModelKey, sha256);
                }
            }

            return sha256;
        }
    }

    private string ComputeSha256()
    {
        using var stream = model.OpenModel();
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>The hidden size declared by the model's output, read from its protobuf.</summary>
    public int? ReadDimensions() => OnnxModelInspector.ReadHiddenSize(ReadModel());

    /// <summary>FLOPs per token of the weight MatMuls of the fp32 model, and their count.</summary>
    public (double FlopsPerToken, int Count) ReadMatMulCost() => OnnxModelInspector.ReadWeightMatMulCost(ReadModel());

    /// <summary>The kind and version of the cached copy this quantisation loads: the graph-optimised fp32 model or the int8 one.</summary>
    private (string Kind, string Version) CachedCopy => Quantization == Int8 ? (Int8, QuantizerVersion) : ("fp32", OptimizerVersion);

    /// <summary>Where that copy is cached.</summary>
    private string CachedCopyPath => _cache.CopyPath(CachedCopy.Kind, CachedCopy.Version, ModelSha256);

    public InferenceSession CreateSession(SessionOptions options)
    {
        var cached = CachedCopyPath;
        if (File.Exists(cached))
        {
            EmbeddingLog.SessionLoading(logger, model.Name, cached);
            var session = new InferenceSession(cached, options);
            _cache.DeleteOrphanedWeights(cached);
            return session;
        }

        EmbeddingLog.SessionLoading(logger, model.Name, model.ModelKey);
        return CreateAndCache(options, cached, Quantization == Int8 ? QuantizedModel : FusedModel);
    }

    /// <summary>
    /// Makes the model (attention fused; for int8, quantised too), has ONNX Runtime apply its graph fusions that are portable
    /// across CPUs and save the result into the cache, then loads the session from the cached file, whose weights ONNX
    /// Runtime maps into memory: the process holds no second copy of the weights, and later processes load that file (a
    /// fraction of a second, against 0.6-0.8 s for a model whose weights sit inside its protobuf) and only run the
    /// machine-specific passes.
    /// </summary>
    private InferenceSession CreateAndCache(SessionOptions options, string path, Func<byte[]> make)
    {
        var bytes = make();

        // The packaged model and the rewriting's buffers (hundreds of MB of large objects) are garbage from here on:
        // collect them before ONNX Runtime makes its own copies, so that first use peaks little above later uses.
        CollectLargeObjects();
        if (!TryWriteOptimized(bytes, path))
        {
            // A read-only index folder only costs the cache: run from memory.
            return new InferenceSession(bytes, options);
        }

        bytes = [];
        CollectLargeObjects();
        return new InferenceSession(path, options);
    }

    /// <summary>The packaged model with its attention blocks fused; the original bytes are unreachable once it returns.</summary>
    private byte[] FusedModel()
    {
        var fusedModel = AttentionFuser.Fuse(ReadModel(), out var fused);
        EmbeddingLog.AttentionFused(logger, model.Name, fused);
        return fusedModel;
    }

    private static void CollectLargeObjects()
    {
        // Aggressive: also give the freed memory back to the system, which a plain collection keeps for later reuse.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    /// <summary>
    /// Saves the graph-optimised model at <paramref name="path"/> with its weights in a file of their own, named uniquely
    /// so that two processes caching at once never write the same file; the graph that names it is written under a
    /// temporary name, then renamed, so a concurrent process never loads a half-written model. False when the folder
    /// cannot be written.
    /// </summary>
    private bool TryWriteOptimized(byte[] bytes, string path)
    {
        if (!_cache.IsWritable())
        {
            return false;
        }

        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        var weights = $"{Path.GetFileNameWithoutExtension(path)}.{Guid.NewGuid():N}.weights";
        try
        {
            Directory.CreateDirectory(_cache.Folder);
            using (var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED, OptimizedModelFilePath = temporary })
            {
                options.AddSessionConfigEntry("session.optimized_model_external_initializers_file_name", weights);
                options.AddSessionConfigEntry("session.optimized_model_external_initializers_min_size_in_bytes", "1024");
                using var writer = new InferenceSession(bytes, options);
            }

            File.Move(temporary, path, overwrite: true);
            _cache.DeleteStaleCopies(CachedCopy.Kind, CachedCopy.Version);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ModelCacheFolder.TryDelete(temporary);
            ModelCacheFolder.TryDelete(Path.Combine(_cache.Folder, weights));
            return false;
        }
    }

    private byte[] ReadModel()
    {
        using var stream = model.OpenModel();
        if (stream.CanSeek)
        {
            // One array of the exact size: a MemoryStream and its copy would hold the 90 MB twice.
            var bytes = new byte[stream.Length - stream.Position];
            stream.ReadExactly(bytes);
            return bytes;
        }

        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    /// <summary>
    /// The fused model with its feed-forward outlier channels split off (found by running the calibration passages
    /// through it; their down projection stays fp32) and its other weight products quantised to int8.
    /// </summary>
    private byte[] QuantizedModel()
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var calibration = CalibrationPassages.Tokenize(tokenizer(), model.MaxTokens, model.PassagePrefix);
        var split = OutlierChannelSplitter.Separate(FusedModel(), calibration, CalibrationThreads, out var fp32Weights, out var channels);
        CollectLargeObjects(); // the calibrated copy and the rewriting's buffers: each step holds one model, not two
        var quantized = DynamicQuantizer.Quantize(split, fp32Weights);
        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        EmbeddingLog.ModelQuantized(logger, model.Name, CachedCopyPath, seconds, channels);
        return quantized;
    }

    private static int CalibrationThreads => Math.Clamp(Environment.ProcessorCount, 1, 4);
}
