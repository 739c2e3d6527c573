using Microsoft.Extensions.Options;
using RagApp.Core.Embeddings;
using RagApp.Core.Options;
using RagApp.Core.Retrieval;
using RagApp.Infrastructure.Embeddings;
using RagApp.Infrastructure.VectorStores.Sqlite;

namespace RagApp.Cli.Hosting;

/// <summary>
/// Opens the configured index once per run, checking the encoder fingerprint; refuses to invent an empty index for
/// read-only commands, and has them embed queries with the quantisation the index was built with. An index this process
/// cannot write is read all the same, and refused to the commands that change it.
/// </summary>
public sealed class IndexAccess(
    IIndexStore store, IEncoderInfo encoder, IOptions<StoreOptions> storeOptions, IOptions<IndexOptions> indexOptions, IOptions<RetrievalOptions> retrievalOptions)
{
    /// <summary>File name of the SQLite index inside the index folder.</summary>
    public const string SqliteFileName = "index.db";

    private bool _opened;

    /// <summary>The index folder, absolute.</summary>
    public string IndexPath { get; } = Path.GetFullPath(indexOptions.Value.Path);

    /// <summary>True when the configured store is the embedded SQLite file.</summary>
    public bool IsEmbedded => string.Equals(storeOptions.Value.Provider, "sqlite", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The embedded index's single-writer lock (waits up to a minute for another writer, then refuses); null for a server
    /// store, which handles concurrent writers itself.
    /// </summary>
    public async Task<IndexLock?> LockForWritingAsync(Action onWaiting, CancellationToken cancellationToken) =>
        IsEmbedded ? await IndexLock.AcquireAsync(IndexPath, TimeSpan.FromSeconds(60), onWaiting, cancellationToken) : null;

    /// <summary>
    /// Opens the index; with <paramref name="create"/> false a missing embedded index is an error that says to ingest
    /// first, and an index this process cannot write is opened read-only. With <paramref name="create"/> true (the
    /// commands that fill it: ingest, eval) an index that cannot be written is refused.
    /// </summary>
    public async Task<IIndexStore> OpenAsync(bool create, CancellationToken cancellationToken) =>
        await OpenAsync(create, write: create, loadEncoder: false, cancellationToken);

    /// <summary>
    /// Opens an existing index to change it (remove): one that cannot be written is refused with
    /// <see cref="IndexReadOnlyException"/> before anything is read or changed.
    /// </summary>
    public async Task<IIndexStore> OpenExistingForWritingAsync(CancellationToken cancellationToken) =>
        await OpenAsync(create: false, write: true, loadEncoder: false, cancellationToken);

    /// <summary>
    /// Opens an existing index for queries. When they will be embedded (every mode but keyword; <paramref name="mode"/>
    /// null is the configured one), the encoder starts loading at once, alongside the opening of the index and the
    /// keyword search: in a cold process that is most of the wait for the first result.
    /// </summary>
    public async Task<IIndexStore> OpenForQueriesAsync(RetrievalMode? mode, CancellationToken cancellationToken)
    {
        var resolved = mode ?? retrievalOptions.Value.ParsedMode;
        return await OpenAsync(create: false, write: false, loadEncoder: resolved != RetrievalMode.Keyword, cancellationToken);
    }

    private async Task<IIndexStore> OpenAsync(bool create, bool write, bool loadEncoder, CancellationToken cancellationToken)
    {
        if (_opened)
        {
            return store;
        }

        if (IsEmbedded && !create && !File.Exists(Path.Combine(IndexPath, SqliteFileName)))
        {
            throw new InvalidOperationException($"no index at '{IndexPath}': run `ragapp ingest` first (or pass --index DIR)");
        }

        if (loadEncoder && encoder is OnnxEmbeddingGenerator onnx)
        {
            onnx.StartLoadingForQueries();
        }

        try
        {
            await store.OpenAsync(encoder.Fingerprint, cancellationToken);
        }
        catch (IndexMismatchException ex) when (ex.StoredFingerprintKey is { } stored
            && encoder.Fingerprint.QuantizationIn(stored) is { } built && OnnxEmbeddingGenerator.Quantizations.Contains(built))
        {
            // The index was built from the same model with the other quantisation. Reading it needs no choice: its
            // queries are embedded as its vectors were. Adding to it (ingest, eval) keeps asking, since the setting
            // the user gave would silently not apply.
            if (create || encoder is not OnnxEmbeddingGenerator generator)
            {
                throw new IndexMismatchException(
                    $"{ex.Message.TrimEnd('.')}. Only Embeddings:Quantization differs: set it to {built} " +
                    $"(RAGAPP_Embeddings__Quantization={built}) to add to this index.",
                    stored);
            }

            generator.UseQuantization(built);
            await store.OpenAsync(encoder.Fingerprint, cancellationToken);
        }

        if (write && store is SqliteIndexStore sqlite)
        {
            sqlite.ThrowIfReadOnly();
        }

        _opened = true;
        return store;
    }
}
