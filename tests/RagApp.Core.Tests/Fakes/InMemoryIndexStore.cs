using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using RagApp.Core.Embeddings;
using RagApp.Core.Retrieval;

namespace RagApp.Core.Tests.Fakes;

/// <summary>
/// An <see cref="IIndexStore"/> in lists: dense search by cosine, keyword search by a small BM25 over
/// <see cref="KeywordMatch"/> words (only chunks sharing a word score). With <see cref="ReturnVectors"/> false, search
/// results come without vectors, as some stores return them.
/// </summary>
public sealed class InMemoryIndexStore : IIndexStore
{
    private readonly Dictionary<string, DocumentManifest> _manifests = new(StringComparer.Ordinal);
    private readonly List<ChunkRecord> _chunks = [];

    /// <summary>Whether search results carry the chunks' vectors. Default true.</summary>
    public bool ReturnVectors { get; set; } = true;

    public int DenseSearches { get; private set; }

    public int KeywordSearches { get; private set; }

    public int VectorLookups { get; private set; }

    /// <summary>The searches and preparations asked of the store, in order ("keyword", "prepare", "dense").</summary>
    public List<string> Requests { get; } = [];

    public Task PrepareDenseSearchAsync(CancellationToken cancellationToken = default)
    {
        Requests.Add("prepare");
        return Task.CompletedTask;
    }

    /// <summary>Adds chunks without a manifest (enough for retrieval tests).</summary>
    public void Add(params ChunkRecord[] chunks) => _chunks.AddRange(chunks);

    public Task OpenAsync(EncoderFingerprint fingerprint, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<DocumentManifest?> GetDocumentAsync(string source, CancellationToken cancellationToken = default) =>
        Task.FromResult(_manifests.GetValueOrDefault(source));

    public async IAsyncEnumerable<DocumentManifest> ListDocumentsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var manifest in _manifests.Values.ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return manifest;
        }
    }

    public Task ReplaceDocumentAsync(DocumentManifest manifest, IReadOnlyList<ChunkRecord> chunks, CancellationToken cancellationToken = default)
    {
        _chunks.RemoveAll(c => c.Source == manifest.Source);
        _chunks.AddRange(chunks);
        _manifests[manifest.Source] = manifest;
        return Task.CompletedTask;
    }

    public Task<bool> TouchDocumentAsync(DocumentManifest manifest, CancellationToken cancellationToken = default)
    {
        var present = _manifests.ContainsKey(manifest.Source);
        if (present)
        {
            _manifests[manifest.Source] = manifest;
        }

        return Task.FromResult(present);
    }

    public Task<bool> RemoveDocumentAsync(string source, CancellationToken cancellationToken = default)
    {
        var removed = _manifests.Remove(source);
        removed |= _chunks.RemoveAll(c => c.Source == source) > 0;
        return Task.FromResult(removed);
    }

    public Task<IReadOnlyList<ChunkRecord>> GetChunksAsync(string source, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ChunkRecord>>([.. _chunks.Where(c => c.Source == source).OrderBy(c => c.Ordinal)]);

    public Task<IReadOnlyDictionary<string, ReadOnlyMemory<float>>> GetCachedVectorsAsync(
        IReadOnlyCollection<string> embeddingHashes, CancellationToken cancellationToken = default)
    {
        VectorLookups++;
        var wanted = embeddingHashes.ToHashSet(StringComparer.Ordinal);
        var found = new Dictionary<string, ReadOnlyMemory<float>>(StringComparer.Ordinal);
        foreach (var chunk in _chunks.Where(c => wanted.Contains(c.EmbeddingHash)))
        {
            found.TryAdd(chunk.EmbeddingHash, chunk.Vector);
        }

        return Task.FromResult<IReadOnlyDictionary<string, ReadOnlyMemory<float>>>(found);
    }

    public Task<IReadOnlyList<ScoredChunk>> DenseSearchAsync(
        ReadOnlyMemory<float> queryVector, int top, SearchFilter? filter = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        DenseSearches++;
        Requests.Add("dense");
        var query = queryVector.ToArray();
        return Task.FromResult(Rank(Filter(filter).Select(c => (c, Dot(query, c.Vector.Span))), top));
    }

    public Task<IReadOnlyList<ScoredChunk>> KeywordSearchAsync(string query, int top, SearchFilter? filter = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        KeywordSearches++;
        Requests.Add("keyword");
        var terms = KeywordMatch.Words(query);
        var documents = _chunks.Select(c => (Chunk: c, Words: WordList(c.Text))).ToList();
        var averageLength = documents.Count == 0 ? 1 : documents.Average(d => d.Words.Count);
        var allowed = Filter(filter).ToHashSet();
        var scored = new List<(ChunkRecord, double)>();
        foreach (var (chunk, words) in documents.Where(d => allowed.Contains(d.Chunk)))
        {
            double score = 0;
            foreach (var term in terms)
            {
                var frequency = words.Count(w => w == term);
                if (frequency == 0)
                {
                    continue;
                }

                var containing = documents.Count(d => d.Words.Contains(term));
                var idf = Math.Log(1 + ((documents.Count - containing + 0.5) / (containing + 0.5)));
                score += idf * frequency * 2.2 / (frequency + (1.2 * (0.25 + (0.75 * words.Count / averageLength))));
            }

            if (score > 0)
            {
                scored.Add((chunk, score));
            }
        }

        return Task.FromResult(Rank(scored, top));
    }

    public Task<IndexStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new IndexStatistics(_manifests.Count, _chunks.Count, "memory", null));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private IReadOnlyList<ScoredChunk> Rank(IEnumerable<(ChunkRecord Chunk, double Score)> scored, int top) =>
        [.. scored.OrderByDescending(s => s.Score).Take(top).Select(s => new ScoredChunk(Strip(s.Chunk), s.Score))];

    private ChunkRecord Strip(ChunkRecord chunk) => ReturnVectors ? chunk : new ChunkRecord
    {
        Id = chunk.Id, Source = chunk.Source, Text = chunk.Text, Title = chunk.Title, Section = chunk.Section, Page = chunk.Page,
        PageEnd = chunk.PageEnd, Ordinal = chunk.Ordinal, FileType = chunk.FileType, EmbeddingHash = chunk.EmbeddingHash,
    };

    private IEnumerable<ChunkRecord> Filter(SearchFilter? filter)
    {
        IEnumerable<ChunkRecord> chunks = _chunks;
        if (filter?.FileTypes is { Count: > 0 } types)
        {
            chunks = chunks.Where(c => types.Contains(c.FileType, StringComparer.OrdinalIgnoreCase));
        }

        if (!string.IsNullOrEmpty(filter?.SourceGlob))
        {
            var pattern = "^" + Regex.Escape(filter.SourceGlob).Replace(@"\*\*", ".*").Replace(@"\*", "[^/]*").Replace(@"\?", "[^/]") + "$";
            chunks = chunks.Where(c => Regex.IsMatch(c.Source, pattern));
        }

        return chunks;
    }

    private static List<string> WordList(string text) =>
        [.. text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).SelectMany(KeywordMatch.Words)];

    private static double Dot(float[] a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
