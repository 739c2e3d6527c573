using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using RagApp.Core.Embeddings;
using RagApp.Core.Options;
using RagApp.Infrastructure.Embeddings.Tokenization;

namespace RagApp.Infrastructure.Embeddings;

/// <summary>
/// The local sentence encoder: BERT WordPiece tokenisation, one ONNX Runtime session (created on the first embedding,
/// never while services are registered), mean or CLS pooling, L2 normalisation. Inputs are sorted by length and cut
/// into batches of at most <see cref="EmbeddingOptions.BatchTokenBudget"/> word pieces, so almost no compute goes to
/// padding; results come back in input order. Thread-safe.
/// </summary>
public sealed class OnnxEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>, IEncoderInfo
{
    private readonly EncoderModel _model;
    private readonly EmbeddingOptions _options;
    private readonly string _indexPath;
    private readonly ILogger _logger;
    private readonly Lazy<BertWordPieceTokenizer> _tokenizer;
    private readonly List<Lazy<OnnxEncoderSession>> _replaced = [];
    private readonly NativeWorkGate _nativeWork = new(nameof(OnnxEmbeddingGenerator));
    private ModelLoader _loader;
    private Lazy<OnnxEncoderSession> _session;
    private Lazy<OnnxEncoderSession>? _loading;
    private Lazy<EncoderFingerprint> _fingerprint;
    private volatile bool _disposed;
    private volatile bool _forQueries;
    private volatile bool _used;

    public OnnxEmbeddingGenerator(IOptions<EmbeddingOptions> options, IOptions<IndexOptions> indexOptions, ILogger<OnnxEmbeddingGenerator>? logger = null)
        : this(options.Value, indexOptions.Value.Path, logger)
    {
    }

    internal OnnxEmbeddingGenerator(EmbeddingOptions options, string indexPath, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _model = EncoderModelCatalog.Resolve(options);
        _logger = logger ?? NullLogger.Instance;
        _indexPath = indexPath;
        _tokenizer = new(LoadTokenizer, LazyThreadSafetyMode.ExecutionAndPublication);
        var loader = new ModelLoader(_model, options.Quantization, indexPath, _logger, () => _tokenizer.Value);
        _loader = loader;
        _session = new(() => CreateSession(loader), LazyThreadSafetyMode.ExecutionAndPublication);
        _fingerprint = new(CreateFingerprint, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The values <c>Embeddings:Quantization</c> takes.</summary>
    public static IReadOnlyList<string> Quantizations { get; } = [ModelLoader.None, ModelLoader.Int8];

    /// <summary>The configured model's name.</summary>
    public string ModelName => _model.Name;

    /// <summary>The window in word pieces, [CLS] and [SEP] included.</summary>
    public int MaxTokens => _model.MaxTokens;

    /// <summary><c>none</c> or <c>int8</c>.</summary>
    public string Quantization => _loader.Quantization;

    /// <inheritdoc/>
    public EncoderFingerprint Fingerprint => _fingerprint.Value;

    /// <inheritdoc/>
    public int MaxPassageTokens =>
        _model.MaxTokens - 2 - (_model.PassagePrefix.Length == 0 ? 0 : Tokenizer.CountPieces(_model.PassagePrefix));

    internal BertWordPieceTokenizer Tokenizer => _tokenizer.Value;

    /// <summary>ONNX Runtime's intra-op threads.</summary>
    internal int Threads => _options.Threads > 0 ? _options.Threads : Environment.ProcessorCount;

    internal ModelLoader Loader => _loader;

    /// <summary>Whether the model declares (and so is fed) <c>token_type_ids</c>; creates the session.</summary>
    internal bool FeedsTokenTypes => _session.Value.HasTokenTypes;

    /// <summary>
    /// For a process that only embeds queries (search, ask, chat): starts loading the tokenizer and the model on the
    /// thread pool, so that the command's own start-up (configuration, opening the index) overlaps with it, and makes the
    /// session without prepacked weights. Prepacking copies every weight matrix into the GEMM kernel's layout when the
    /// session is created, which pays off over large batches (about 5 % faster) but is most of the session's creation
    /// time (about 170 of 200 ms here): a one-query process is faster without it. Vectors are the same either way. A
    /// failure surfaces at first use.
    /// </summary>
    public void StartLoadingForQueries()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_session.IsValueCreated)
        {
            _forQueries = true;
        }

        StartLoading();
    }

    /// <inheritdoc/>
    public void StartLoading()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);

        // Once per session (ingestion asks before every file it extracts): a second thread-pool task would only block
        // on the first one.
        var session = _session;
        if (ReferenceEquals(Interlocked.Exchange(ref _loading, session), session))
        {
            return;
        }

        if (!_tokenizer.IsValueCreated)
        {
            _ = Task.Run(() => _tokenizer.Value);
        }

        if (!session.IsValueCreated)
        {
            _ = Task.Run(() => session.Value);
        }
    }

    /// <summary>
    /// Switches to another quantisation (<c>none</c> or <c>int8</c>) before the first text is embedded, so that an index
    /// built with the other one is queried with the encoder that made its vectors. A session already made (or being made)
    /// for the former setting is disposed with the encoder; when loading had started, the new one starts loading at once.
    /// </summary>
    /// <exception cref="InvalidOperationException">Texts have been embedded already.</exception>
    public void UseQuantization(string quantization)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(quantization);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_used)
        {
            throw new InvalidOperationException("The encoder has embedded texts already; its quantisation can no longer change.");
        }

        var loader = new ModelLoader(_model, quantization, _indexPath, _logger, () => _tokenizer.Value);
        lock (_replaced)
        {
            _replaced.Add(_session);
        }

        _loader = loader;
        _session = new(() => CreateSession(loader), LazyThreadSafetyMode.ExecutionAndPublication);
        _fingerprint = new(CreateFingerprint, LazyThreadSafetyMode.ExecutionAndPublication);
        if (_forQueries)
        {
            StartLoadingForQueries();
        }
    }

    /// <summary>Sessions being made and batches being run right now (<see cref="Dispose"/> waits for them).</summary>
    internal int NativeWorkInFlight => _nativeWork.InFlight;

    /// <summary>Whether the ONNX Runtime session has been created (it is, on the first embedding).</summary>
    public bool IsLoaded => _session.IsValueCreated;

    /// <summary>Whether the session is (or will be) made with prepacked weights: false after <see cref="StartLoadingForQueries"/>.</summary>
    internal bool PrepacksWeights => !_forQueries;

    /// <inheritdoc/>
    public int CountTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Tokenizer.CountPieces(text);
    }

    /// <inheritdoc/>
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var texts = values as IReadOnlyList<string> ?? [.. values];
        if (texts.Count == 0)
        {
            return [];
        }

        var prefix = EmbeddingPurpose.IsQuery(options) ? _model.QueryPrefix : _model.PassagePrefix;
        var (vectors, tokenCount) = await Task.Run(() => Embed(texts, prefix, cancellationToken), cancellationToken);

        var created = DateTimeOffset.UtcNow;
        var result = new GeneratedEmbeddings<Embedding<float>>(vectors.Length)
        {
            Usage = new UsageDetails { InputTokenCount = tokenCount, TotalTokenCount = tokenCount },
        };
        foreach (var vector in vectors)
        {
            result.Add(new Embedding<float>(vector) { ModelId = _model.Name, CreatedAt = created });
        }

        return result;
    }

    /// <summary>Token ids of <paramref name="text"/> as the model sees them: [CLS] + pieces (cut at the window) + [SEP].</summary>
    public int[] Tokenize(string text, bool query = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var prefix = query ? _model.QueryPrefix : _model.PassagePrefix;
        return Tokenizer.EncodeForModel(prefix.Length == 0 ? text : prefix + text, _model.MaxTokens);
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(EmbeddingGeneratorMetadata))
        {
            return new EmbeddingGeneratorMetadata("onnxruntime", providerUri: null, _model.Name, Fingerprint.Dimensions);
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        // A session still being made or run on another thread (a command that failed or was interrupted while its
        // encoder loaded or embedded) is waited for, and no new work starts. A run stops at its next batch; a session
        // being made takes well under a second once the model is cached.
        _disposed = true;

        // Making a session on a new index takes a few seconds that Ctrl+C cannot shorten: past one, say why the exit waits.
        _nativeWork.CloseAndWait(TimeSpan.FromSeconds(1), () => EmbeddingLog.WaitingForNativeWork(_logger));
        lock (_replaced)
        {
            _replaced.Add(_session);
            foreach (var session in _replaced.Where(session => session.IsValueCreated))
            {
                session.Value.Dispose();
            }
        }
    }

    /// <summary>
    /// Tokenises and embeds; <paramref name="fixedBatchSize"/> &gt; 0 gives the unsorted fixed-batch baseline instead.
    /// <paramref name="progress"/> gets the number of texts embedded so far after each batch.
    /// </summary>
    internal (float[][] Vectors, long Tokens) Embed(
        IReadOnlyList<string> texts, string prefix, CancellationToken cancellationToken, int fixedBatchSize = 0, IProgress<int>? progress = null)
    {
        var tokens = new int[texts.Count][];
        var tokenizer = Tokenizer;
        var maxTokens = _model.MaxTokens;
        Parallel.For(0, texts.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var text = texts[i] ?? string.Empty;
            tokens[i] = tokenizer.EncodeForModel(prefix.Length == 0 ? text : prefix + text, maxTokens);
        });

        var vectors = new float[texts.Count][];
        var total = RunBatches(tokens, sortByLength: fixedBatchSize <= 0, fixedBatchSize, vectors, cancellationToken, progress);
        return (vectors, total);
    }

    /// <summary>
    /// Runs the model over <paramref name="tokens"/>. Sorted: longest first, batches capped by the token budget.
    /// Unsorted (the baseline of the benchmark): input order, <paramref name="fixedBatchSize"/> rows a batch.
    /// </summary>
    internal long RunBatches(
        int[][] tokens, bool sortByLength, int fixedBatchSize, float[][] vectors, CancellationToken cancellationToken, IProgress<int>? progress = null)
    {
        _used = true;
        _nativeWork.Enter();
        try
        {
            var session = _session.Value;
            var order = Enumerable.Range(0, tokens.Length).ToArray();
            if (sortByLength)
            {
                Array.Sort(order, (a, b) => tokens[b].Length.CompareTo(tokens[a].Length));
            }

            var budget = Math.Max(_options.BatchTokenBudget, _model.MaxTokens);
            var buffers = new BatchBuffers(sortByLength ? budget : Math.Max(fixedBatchSize, 1) * _model.MaxTokens);
            using var runOptions = new RunOptions();
            using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
            long total = 0;
            for (var start = 0; start < order.Length;)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ObjectDisposedException.ThrowIf(_disposed, this);
                int count, length;
                if (sortByLength)
                {
                    // Longest first; a batch ends at the token budget or where a text is under 90% of the batch's
                    // longest, so padding stays under a tenth (smaller batches cost little: the work is per token).
                    length = tokens[order[start]].Length;
                    var maxRows = Math.Min(Math.Max(budget / length, 1), order.Length - start);
                    count = 1;
                    while (count < maxRows && tokens[order[start + count]].Length * 10 >= length * 9)
                    {
                        count++;
                    }
                }
                else
                {
                    count = Math.Min(Math.Max(fixedBatchSize, 1), order.Length - start);
                    length = 0;
                    for (var i = start; i < start + count; i++)
                    {
                        length = Math.Max(length, tokens[order[i]].Length);
                    }
                }

                try
                {
                    session.Run(tokens, order, start, count, length, vectors, buffers, runOptions);
                }
                catch (OnnxRuntimeException ex) when (cancellationToken.IsCancellationRequested)
                {
                    // RunOptions.Terminate makes ORT stop mid-run with an error; report it as the cancellation it is.
                    throw new OperationCanceledException("Embedding was cancelled.", ex, cancellationToken);
                }

                for (var i = start; i < start + count; i++)
                {
                    total += tokens[order[i]].Length;
                }

                start += count;
                progress?.Report(start);
            }

            return total;
        }
        finally
        {
            _nativeWork.Exit();
        }
    }

    private BertWordPieceTokenizer LoadTokenizer()
    {
        using var vocab = _model.OpenVocabulary();
        return BertWordPieceTokenizer.FromVocabulary(vocab);
    }

    private OnnxEncoderSession CreateSession(ModelLoader loader)
    {
        // From the session options on: the first of them also starts ONNX Runtime's environment.
        _nativeWork.Enter();
        try
        {
            using var sessionOptions = new SessionOptions
            {
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
                ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                EnableCpuMemArena = true,

                // Every batch has its own shape, so per-shape allocation plans would rarely be reused; the arena serves instead.
                EnableMemoryPattern = false,
                IntraOpNumThreads = Threads,
                InterOpNumThreads = 1,
            };
            if (!PrepacksWeights)
            {
                sessionOptions.AddSessionConfigEntry("session.disable_prepacking", "1");
            }

            var session = loader.CreateSession(sessionOptions);
            return new OnnxEncoderSession(session, _model.Pooling, _model.Normalize);
        }
        finally
        {
            _nativeWork.Exit();
        }
    }

    private EncoderFingerprint CreateFingerprint()
    {
        var dimensions = _model.KnownDimensions ?? _loader.ReadDimensions() ?? _session.Value.Dimensions;
        return new EncoderFingerprint(
            _model.Name, _loader.ModelSha256, dimensions, _model.Pooling, _model.Normalize, _model.MaxTokens,
            _model.QueryPrefix, _model.PassagePrefix, _loader.Quantization);
    }
}
