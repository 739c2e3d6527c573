using Microsoft.Extensions.AI;
using RagApp.Core.Embeddings;
using RagApp.Core.Retrieval;

namespace RagApp.Core.Ingestion;

/// <summary>
/// The writing stage of ingestion: takes vectors of unchanged chunk texts from the embedding cache (so a one-line edit,
/// a rename or a copy costs only the new chunks), embeds the rest, and replaces the document in one store transaction.
/// </summary>
internal sealed class DocumentWriter(IIndexStore store, IEmbeddingGenerator<string, Embedding<float>> generator)
{
    /// <summary>Stores the work; returns (embedded, reused) chunk counts.</summary>
    public async Task<(int Embedded, int Reused)> WriteAsync(IngestionWork work, CancellationToken cancellationToken)
    {
        switch (work)
        {
            case TouchedDocument touched:
                await store.TouchDocumentAsync(touched.Manifest, cancellationToken);
                return (0, 0);
            case EmptiedDocument emptied:
                await store.RemoveDocumentAsync(emptied.File.Source, cancellationToken);
                return (0, 0);
            case PreparedDocument prepared:
                return await WritePreparedAsync(prepared, cancellationToken);
            default:
                throw new InvalidOperationException($"Unknown ingestion work {work.GetType().Name}.");
        }
    }

    private async Task<(int, int)> WritePreparedAsync(PreparedDocument prepared, CancellationToken cancellationToken)
    {
        var hashes = prepared.Chunks.Select(c => ContentHash.OfText(c.EmbeddingText)).ToArray();
        var cached = await store.GetCachedVectorsAsync(hashes.Distinct(StringComparer.Ordinal).ToArray(), cancellationToken);

        // Embed each missing text once, even when a document repeats a chunk.
        var missing = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < hashes.Length; i++)
        {
            if (!cached.ContainsKey(hashes[i]))
            {
                missing.TryAdd(hashes[i], prepared.Chunks[i].EmbeddingText);
            }
        }

        var fresh = new Dictionary<string, ReadOnlyMemory<float>>(StringComparer.Ordinal);
        if (missing.Count > 0)
        {
            var embeddings = await generator.GenerateAsync(missing.Values, EmbeddingPurpose.ForPassage(), cancellationToken);
            var i = 0;
            foreach (var hash in missing.Keys)
            {
                fresh[hash] = embeddings[i++].Vector;
            }
        }

        var records = new List<ChunkRecord>(prepared.Chunks.Count);
        for (var i = 0; i < prepared.Chunks.Count; i++)
        {
            var chunk = prepared.Chunks[i];
            records.Add(new ChunkRecord
            {
                Id = ContentHash.OfText($"{prepared.File.Source}\n{chunk.Ordinal}\n{hashes[i]}")[..32],
                Source = prepared.File.Source,
                Text = chunk.Text,
                Title = prepared.Manifest.Title,
                Section = chunk.Section,
                Page = chunk.Page,
                PageEnd = chunk.PageEnd,
                Ordinal = chunk.Ordinal,
                FileType = prepared.FileType,
                EmbeddingHash = hashes[i],
                Vector = cached.TryGetValue(hashes[i], out var vector) ? vector : fresh[hashes[i]],
            });
        }

        await store.ReplaceDocumentAsync(prepared.Manifest with { IngestedUtc = DateTimeOffset.UtcNow }, records, cancellationToken);
        var reused = hashes.Count(cached.ContainsKey);
        return (prepared.Chunks.Count - reused, reused);
    }
}
