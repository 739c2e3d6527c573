using Xunit;
using RagApp.Core.Embeddings;
using RagApp.Core.Retrieval;

namespace RagApp.Infrastructure.Tests.VectorStores;

/// <summary>
/// Behaviour every <see cref="IIndexStore"/> must have. A subclass gives a factory whose stores all share one fresh,
/// empty backing index per test (a temp SQLite file, a PostgreSQL schema) and cleans it up.
/// </summary>
public abstract partial class IndexStoreContractTests : IAsyncLifetime
{
    protected const int Dimensions = 8;

    protected static readonly EncoderFingerprint TestFingerprint =
        new("test-encoder", "0123456789abcdef0123456789abcdef", Dimensions, "mean", true, 256, "", "", "none");

    private readonly List<IIndexStore> _stores = [];

    /// <summary>A new store instance over this test's backing index (not yet opened).</summary>
    protected abstract IIndexStore CreateStore();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Creates and opens a store; it is disposed after the test.</summary>
    protected async Task<IIndexStore> OpenStoreAsync(EncoderFingerprint? fingerprint = null)
    {
        var store = CreateStore();
        _stores.Add(store);
        await store.OpenAsync(fingerprint ?? TestFingerprint, Ct);
        return store;
    }

    /// <summary>A unit vector pointing mostly along <paramref name="axis"/>, tilted towards <paramref name="other"/>.</summary>
    protected static float[] Vector(int axis, int other = -1, float tilt = 0f)
    {
        var vector = new float[Dimensions];
        vector[axis] = 1f;
        if (other >= 0)
        {
            vector[other] = tilt;
        }

        var norm = MathF.Sqrt(vector.Sum(x => x * x));
        return vector.Select(x => x / norm).ToArray();
    }

    protected static ChunkRecord Chunk(string source, int ordinal, string text, float[]? vector = null, string? fileType = null, string? embeddingHash = null) => new()
    {
        Id = $"{source}#{ordinal}#{text.GetHashCode(StringComparison.Ordinal):x8}",
        Source = source,
        Ordinal = ordinal,
        Text = text,
        Title = Path.GetFileNameWithoutExtension(source),
        Section = ordinal == 0 ? "" : "Intro > Details",
        Page = fileType == "pdf" ? ordinal + 1 : null,
        PageEnd = fileType == "pdf" ? ordinal + 2 : null,
        FileType = fileType ?? Path.GetExtension(source).TrimStart('.'),
        EmbeddingHash = embeddingHash ?? $"hash-{source}-{ordinal}-{text.Length}",
        Vector = vector ?? Vector(ordinal % Dimensions),
    };

    protected static DocumentManifest Manifest(string source, int chunkCount, string sha = "sha-1") => new(
        source,
        "/data/" + source,
        1234,
        new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        sha,
        chunkCount,
        Path.GetExtension(source).TrimStart('.'),
        Path.GetFileNameWithoutExtension(source),
        new DateTimeOffset(2026, 1, 3, 0, 0, 0, TimeSpan.Zero));

    /// <summary>Stores a document whose chunks are given as (text, vector) pairs.</summary>
    protected static async Task AddDocumentAsync(IIndexStore store, string source, params (string Text, float[] Vector)[] chunks)
    {
        var records = chunks.Select((c, i) => Chunk(source, i, c.Text, c.Vector)).ToList();
        await store.ReplaceDocumentAsync(Manifest(source, records.Count), records, Ct);
    }
}
