using Microsoft.Extensions.AI;
using RagApp.Core.Embeddings;
using RagApp.Core.Retrieval;

namespace RagApp.Core.Ingestion;

/// <summary>
/// The writing stage of ingestion: takes vectors of unchanged chunk texts from the embedding cache (so a one-line edit,
/// a rename or a copy costs only the new chunks), embeds the rest of a group of documents in one call (so many small
/// files still make full, length-sorted batches), and replaces each document in its own store transaction.
/// </summary>
internal sealed class DocumentWriter(IIndexStore store, IEmbeddingGenerator<string, Embedding<float>> generator)
{
    // Texts embedded per call: large enough for full length-sorted batches, small enough to show progress within a big file.
    private const int EmbeddingSlice = 256;

    /// <summary>Time spent in the encoder so far.</summary>
    public TimeSpan EmbeddingTime { get; private set; }

    /// <summary>Stores a group of work items in order; returns (embedded, reused) chunk counts per item.</summary>
    /// <param name="group">The work items.</param>
    /// <param name="onEmbedding">
    /// Told, before each embedding call, the source most of its chunks come from (a group can hold many small files and a
    /// large one), and after it how many chunks it embedded, for progress within large documents.
    /// </param>
    /// <param name="cancellationToken">Cancels the work; a document is either fully replaced or untouched.</param>
    public async Task<IReadOnlyList<(int Embedded, int Reused)>> WriteAsync(IReadOnlyList<IngestionWork> group, IEmbeddingProgress onEmbedding, CancellationToken cancellationToken)
    {
        // Each chunk's embedded text is hashed once: the hash keys both the cache lookup and the stored record.
        var hashes = group.OfType<PreparedDocument>().ToDictionary<PreparedDocument, PreparedDocument, string[]>(d => d, d => d.Chunks.Select(c => ContentHash.OfText(c.EmbeddingText)).ToArray(), ReferenceEqualityComparer.Instance);
        var vectors = await VectorsForAsync(hashes, onEmbedding, cancellationToken);
        var counts = new List<(int, int)>(group.Count);
        foreach (var work in group)
        {
            switch (work)
            {
                case TouchedDocument touched:
                    await store.TouchDocumentAsync(touched.Manifest, cancellationToken);
                    counts.Add((0, 0));
                    break;
                case EmptiedDocument emptied:
                    await store.RemoveDocumentAsync(emptied.File.Source, cancellationToken);
                    counts.Add((0, 0));
                    break;
                case PreparedDocument prepared:
                    counts.Add(await WritePreparedAsync(prepared, hashes[prepared], vectors, cancellationToken));
                    break;
                default:
                    throw new InvalidOperationException($"Unknown ingestion work {work.GetType().Name}.");
            }
        }

        return counts;
    }

    /// <summary>Vectors for every chunk text of the documents: cached ones marked as such, missing ones embedded once each.</summary>
    private async Task<Dictionary<string, (ReadOnlyMemory<float> Vector, bool Cached)>> VectorsForAsync(
        Dictionary<PreparedDocument, string[]> hashes, IEmbeddingProgress onEmbedding, CancellationToken cancellationToken)
    {
        var texts = new Dictionary<string, (string Text, string Source)>(StringComparer.Ordinal);
        foreach (var (document, documentHashes) in hashes)
        {
            for (var i = 0; i < documentHashes.Length; i++)
            {
                texts.TryAdd(documentHashes[i], (document.Chunks[i].EmbeddingText, document.File.Source));
            }
        }

        var vectors = new Dictionary<string, (ReadOnlyMemory<float>, bool)>(StringComparer.Ordinal);
        if (texts.Count == 0)
        {
            return vectors;
        }

        var cached = await store.GetCachedVectorsAsync(texts.Keys.ToArray(), cancellationToken);
        foreach (var (hash, vector) in cached)
        {
            vectors[hash] = (vector, true);
        }

        var missing = texts.Where(t => !cached.ContainsKey(t.Key)).ToArray();
        foreach (var slice in missing.Chunk(EmbeddingSlice))
        {
            var source = slice.GroupBy(m => m.Value.Source, StringComparer.Ordinal).MaxBy(g => g.Count())!.Key;
            onEmbedding.Starting(source);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var embeddings = await generator.GenerateAsync(slice.Select(m => m.Value.Text), EmbeddingPurpose.ForPassage(), cancellationToken);
            EmbeddingTime += System.Diagnostics.Stopwatch.GetElapsedTime(started);
            for (var i = 0; i < slice.Length; i++)
            {
                vectors[slice[i].Key] = (embeddings[i].Vector, false);
            }

            onEmbedding.Embedded(slice.Length, source);
        }

        return vectors;
    }

    private async Task<(int, int)> WritePreparedAsync(
        PreparedDocument prepared, string[] hashes, Dictionary<string, (ReadOnlyMemory<float> Vector, bool Cached)> vectors, CancellationToken cancellationToken)
    {
        var records = new List<ChunkRecord>(prepared.Chunks.Count);
        var reused = 0;
        for (var i = 0; i < prepared.Chunks.Count; i++)
        {
            var chunk = prepared.Chunks[i];
            var hash = hashes[i];
            var (vector, cached) = vectors[hash];
            reused += cached ? 1 : 0;
            records.Add(new ChunkRecord
            {
                Id = ContentHash.OfText($"{prepared.File.Source}\n{chunk.Ordinal}\n{hash}")[..32],
                Source = prepared.File.Source,
                Text = chunk.Text,
                Title = prepared.Manifest.Title,
                Section = chunk.Section,
                Page = chunk.Page,
                PageEnd = chunk.PageEnd,
                Ordinal = chunk.Ordinal,
                FileType = prepared.FileType,
                EmbeddingHash = hash,
                Vector = vector,
            });
        }

        await store.ReplaceDocumentAsync(prepared.Manifest with { IngestedUtc = DateTimeOffset.UtcNow }, records, cancellationToken);
        return (prepared.Chunks.Count - reused, reused);
    }
}

/// <summary>What <see cref="DocumentWriter"/> tells of its embedding calls.</summary>
internal interface IEmbeddingProgress
{
    /// <summary>An embedding call starts; most of its chunks are <paramref name="source"/>'s.</summary>
    void Starting(string source);

    /// <summary>It embedded <paramref name="count"/> chunks.</summary>
    void Embedded(int count, string source);
}
