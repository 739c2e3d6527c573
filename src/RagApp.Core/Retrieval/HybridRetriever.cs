using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RagApp.Core.Embeddings;
using RagApp.Core.Options;

namespace RagApp.Core.Retrieval;

/// <summary>
/// Retrieves chunks by dense similarity, BM25 keywords, or both fused by weighted score fusion
/// (<see cref="ScoreFusion"/>, default) or reciprocal rank fusion (<see cref="ReciprocalRankFusion"/>), with weights
/// from <see cref="QueryWeighting"/> when adaptive, optionally
/// diversified by <see cref="MaximalMarginalRelevance"/> in the dense and hybrid modes.
/// </summary>
/// <remarks>
/// Relevance for grounding: a chunk whose cosine similarity to the query is known is relevant when it reaches
/// <see cref="RetrievalOptions.MinRelevance"/>. Dense hits carry it; keyword-only hits in hybrid mode get it from their
/// vector, returned by the store or else looked up by embedding hash. Keyword mode never loads the encoder, so there a
/// chunk is relevant when its BM25 score is positive and it shares a word with the query (<see cref="KeywordMatch"/>).
/// MMR needs the candidates' vectors; candidates whose vector is unknown count as unlike all others.
/// </remarks>
public sealed class HybridRetriever(
    IIndexStore store,
    IEmbeddingGenerator<string, Embedding<float>> generator,
    IOptions<RetrievalOptions> options,
    ILogger<HybridRetriever> logger) : IRetriever
{
    private readonly IIndexStore _store = store;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _generator = generator;
    private readonly RetrievalOptions _options = options.Value;
    private readonly ILogger<HybridRetriever> _logger = logger;

    private bool UsesMmr => _options.MmrLambda < 1;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The query is empty or white space, or Top is below 1.</exception>
    public async Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(RetrievalRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Query))
        {
            throw new ArgumentException("The query is empty: give a question or some words to search for.", nameof(request));
        }

        if (request.Top < 1)
        {
            throw new ArgumentException($"The number of results must be at least 1 (it was {request.Top}).", nameof(request));
        }

        var mode = request.Mode ?? _options.ParsedMode;
        return mode switch
        {
            RetrievalMode.Dense => await DenseAsync(request, cancellationToken),
            RetrievalMode.Keyword => await KeywordAsync(request, cancellationToken),
            _ => await HybridAsync(request, cancellationToken),
        };
    }

    private async Task<IReadOnlyList<RetrievedChunk>> DenseAsync(RetrievalRequest request, CancellationToken cancellationToken)
    {
        var queryVector = await EmbedQueryAsync(request.Query, cancellationToken);
        var wanted = UsesMmr ? Math.Max(request.Top, _options.Candidates) : request.Top;
        var hits = await _store.DenseSearchAsync(queryVector, wanted, request.Filter, cancellationToken);
        var candidates = hits.Select(hit => new RetrievalCandidate(hit.Chunk, hit.Score) { Similarity = hit.Score }).ToList();
        return await FinishAsync(candidates, queryVector, request.Top, cancellationToken);
    }

    private async Task<IReadOnlyList<RetrievedChunk>> KeywordAsync(RetrievalRequest request, CancellationToken cancellationToken)
    {
        var hits = await _store.KeywordSearchAsync(request.Query, request.Top, request.Filter, cancellationToken);
        var queryWords = KeywordMatch.Words(request.Query);
        return hits
            .Select((hit, index) => new RetrievedChunk(
                hit.Chunk, index + 1, hit.Score, null, hit.Score > 0 && KeywordMatch.ContainsAny(hit.Chunk.Text, queryWords)))
            .ToList();
    }

    private async Task<IReadOnlyList<RetrievedChunk>> HybridAsync(RetrievalRequest request, CancellationToken cancellationToken)
    {
        var perList = Math.Max(_options.Candidates, request.Top);
        // The keyword search runs while the query is embedded (in a cold process that includes loading the encoder);
        // the two store searches stay one after the other: a store may hold a single connection.
        var embedding = EmbedQueryAsync(request.Query, cancellationToken);
        var keywordHits = await _store.KeywordSearchAsync(request.Query, perList, request.Filter, cancellationToken);
        if (!embedding.IsCompleted)
        {
            await _store.PrepareDenseSearchAsync(cancellationToken);
        }

        var queryVector = await embedding;
        var denseHits = await _store.DenseSearchAsync(queryVector, perList, request.Filter, cancellationToken);

        var (baseDense, baseKeyword) = _options.FusionWeights();
        var weights = _options.AdaptiveWeights
            ? QueryWeighting.Compute(request.Query, baseDense, baseKeyword, [.. denseHits.Select(h => h.Score)], [.. keywordHits.Select(h => h.Score)])
            : new QueryWeights(baseDense, baseKeyword, []);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            _logger.LogDebug(
                "Hybrid search ({Fusion} fusion): {DenseHits} dense and {KeywordHits} keyword hits, weights dense {DenseWeight:F2} keyword {KeywordWeight:F2} ({Reasons})",
                _options.Fusion, denseHits.Count, keywordHits.Count, weights.Dense, weights.Keyword, string.Join("; ", weights.Reasons));
        }

        var byId = new Dictionary<string, RetrievalCandidate>(StringComparer.Ordinal);
        foreach (var hit in denseHits)
        {
            byId.TryAdd(hit.Chunk.Id, new RetrievalCandidate(hit.Chunk, 0) { Similarity = hit.Score });
        }

        var queryWords = KeywordMatch.Words(request.Query);
        var keywordScores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var hit in keywordHits)
        {
            if (!byId.TryGetValue(hit.Chunk.Id, out var candidate))
            {
                candidate = new RetrievalCandidate(hit.Chunk, 0);
                byId.Add(hit.Chunk.Id, candidate);
            }
            else if (candidate.Vector.IsEmpty)
            {
                candidate.Vector = hit.Chunk.Vector;
            }

            keywordScores.TryAdd(hit.Chunk.Id, hit.Score);
            candidate.KeywordMatched = hit.Score > 0 && KeywordMatch.ContainsAny(hit.Chunk.Text, queryWords);
        }

        IReadOnlyList<KeyValuePair<string, double>> fused;
        if (_options.UsesRankFusion)
        {
            fused = ReciprocalRankFusion.Fuse<string>(
                [([.. denseHits.Select(h => h.Chunk.Id)], weights.Dense), ([.. keywordHits.Select(h => h.Chunk.Id)], weights.Keyword)],
                _options.RrfK);
        }
        else
        {
            // Score fusion needs the cosine similarity of keyword-only hits too: from the vector the store returned, else
            // the stored one looked up by embedding hash.
            var keywordOnly = byId.Values.Where(c => c.Similarity is null).ToList();
            await FillVectorsAsync(keywordOnly, cancellationToken);
            foreach (var candidate in keywordOnly)
            {
                candidate.Similarity = VectorSimilarity.Cosine(queryVector, candidate.Vector);
            }

            fused = ScoreFusion.Fuse<string>(
                [.. byId.Values.Select(c => (c.Chunk.Id, c.Similarity, keywordScores.TryGetValue(c.Chunk.Id, out var score) ? score : (double?)null))],
                weights.Dense,
                weights.Keyword);
        }

        var candidates = new List<RetrievalCandidate>(fused.Count);
        foreach (var (id, score) in fused)
        {
            var candidate = byId[id];
            candidate.Score = score;
            candidates.Add(candidate);
        }

        return await FinishAsync(candidates, queryVector, request.Top, cancellationToken);
    }

    /// <summary>Diversifies when MMR is on, fills in missing similarities of what is returned, and ranks.</summary>
    private async Task<IReadOnlyList<RetrievedChunk>> FinishAsync(
        List<RetrievalCandidate> candidates, ReadOnlyMemory<float> queryVector, int top, CancellationToken cancellationToken)
    {
        List<RetrievalCandidate> chosen;
        if (UsesMmr && candidates.Count > 1)
        {
            await FillVectorsAsync(candidates, cancellationToken);
            var maxScore = candidates.Max(c => c.Score);
            var relevance = candidates.Select(c => maxScore > 0 ? c.Score / maxScore : 0).ToList();
            var picks = MaximalMarginalRelevance.Select(
                relevance,
                (a, b) => VectorSimilarity.Cosine(candidates[a].Vector, candidates[b].Vector) ?? 0,
                top,
                _options.MmrLambda);
            chosen = [.. picks.Select(index => candidates[index])];
        }
        else
        {
            chosen = [.. candidates.Take(top)];
        }

        var unknown = chosen.Where(c => c.Similarity is null).ToList();
        if (unknown.Count > 0)
        {
            await FillVectorsAsync(unknown, cancellationToken);
            foreach (var candidate in unknown)
            {
                candidate.Similarity = VectorSimilarity.Cosine(queryVector, candidate.Vector);
            }
        }

        return [.. chosen.Select((candidate, index) => candidate.ToResult(index + 1, _options.MinRelevance))];
    }

    /// <summary>Looks up, by embedding hash, the stored vectors of candidates that came back without one.</summary>
    private async Task FillVectorsAsync(List<RetrievalCandidate> candidates, CancellationToken cancellationToken)
    {
        var missing = candidates.Where(c => c.Vector.IsEmpty && c.Chunk.EmbeddingHash.Length > 0).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var hashes = missing.Select(c => c.Chunk.EmbeddingHash).Distinct(StringComparer.Ordinal).ToList();
        var vectors = await _store.GetCachedVectorsAsync(hashes, cancellationToken);
        foreach (var candidate in missing)
        {
            if (vectors.TryGetValue(candidate.Chunk.EmbeddingHash, out var vector))
            {
                candidate.Vector = vector;
            }
        }
    }

    private async Task<ReadOnlyMemory<float>> EmbedQueryAsync(string query, CancellationToken cancellationToken) =>
        await _generator.GenerateVectorAsync(query, EmbeddingPurpose.ForQuery(), cancellationToken);
}
