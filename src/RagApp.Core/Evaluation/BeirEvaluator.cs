using System.Diagnostics;
using RagApp.Core.Retrieval;

namespace RagApp.Core.Evaluation;

/// <summary>
/// Runs every query of a <see cref="BeirDataset"/> through a retriever over an index that already holds the corpus
/// (each document's source being its corpus id) and averages BEIR's metrics. Documents rank by their best chunk.
/// </summary>
/// <param name="retriever">The retriever under test.</param>
public sealed class BeirEvaluator(IRetriever retriever)
{
    private const int DocumentsRanked = 100;

    private readonly IRetriever _retriever = retriever;

    /// <summary>Chunks asked for per query, so that about 100 distinct documents remain after keeping each one's best chunk. Default 200.</summary>
    public int ChunksPerQuery { get; init; } = 200;

    /// <summary>Drops a document whose id equals the query's id, as BEIR does by default (some sets share ids). Default true.</summary>
    public bool IgnoreIdenticalIds { get; init; } = true;

    /// <summary>Maps a chunk's source to the corpus document id (e.g. strips the file extension the corpus was written with); identity by default.</summary>
    public Func<string, string>? DocumentIdOfSource { get; init; }

    /// <summary>Evaluates one mode.</summary>
    /// <param name="dataset">The set; its corpus must already be indexed.</param>
    /// <param name="mode">The retrieval mode.</param>
    /// <param name="progress">Receives the number of queries done after each query.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The averages, with <see cref="BeirEvaluationResult.IndexSeconds"/> 0 for the caller to set.</returns>
    public async Task<BeirEvaluationResult> EvaluateAsync(
        BeirDataset dataset, RetrievalMode mode, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentOutOfRangeException.ThrowIfLessThan(ChunksPerQuery, 1);

        var queries = dataset.Queries;
        if (queries.Count > 0)
        {
            // Untimed warm-up: the first query may load the encoder or warm the store's caches.
            await _retriever.RetrieveAsync(new RetrievalRequest(queries[0].Text, 1, mode), cancellationToken);
        }

        double ndcg = 0, recall10 = 0, recall100 = 0, mrr = 0;
        var latencies = new List<double>(queries.Count);
        for (var i = 0; i < queries.Count; i++)
        {
            var query = queries[i];
            var started = Stopwatch.GetTimestamp();
            var chunks = await _retriever.RetrieveAsync(new RetrievalRequest(query.Text, ChunksPerQuery, mode), cancellationToken);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);

            var ranking = RankDocuments(query, chunks);
            ndcg += RetrievalMetrics.NdcgAt(ranking, query.Relevance, 10);
            recall10 += RetrievalMetrics.RecallAt(ranking, query.Relevance, 10);
            recall100 += RetrievalMetrics.RecallAt(ranking, query.Relevance, DocumentsRanked);
            mrr += RetrievalMetrics.ReciprocalRankAt(ranking, query.Relevance, 10);
            progress?.Report(i + 1);
        }

        var count = Math.Max(1, queries.Count);
        return new BeirEvaluationResult(
            mode.ToString().ToLowerInvariant(),
            queries.Count,
            dataset.DocumentCount,
            ndcg / count,
            recall10 / count,
            recall100 / count,
            mrr / count,
            0,
            LatencyPercentile.Of(latencies, 50),
            LatencyPercentile.Of(latencies, 95));
    }

    /// <summary>Evaluates several modes one after the other over the same index.</summary>
    public async Task<IReadOnlyList<BeirEvaluationResult>> EvaluateAsync(
        BeirDataset dataset, IEnumerable<RetrievalMode> modes, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(modes);
        var results = new List<BeirEvaluationResult>();
        foreach (var mode in modes)
        {
            results.Add(await EvaluateAsync(dataset, mode, progress, cancellationToken));
        }

        return results;
    }

    private IReadOnlyList<string> RankDocuments(BeirQuery query, IReadOnlyList<RetrievedChunk> chunks)
    {
        var ranking = DocumentRanking.FromChunks(chunks, DocumentsRanked + 1, DocumentIdOfSource);
        if (IgnoreIdenticalIds)
        {
            ranking = [.. ranking.Where(id => !string.Equals(id, query.Id, StringComparison.Ordinal))];
        }

        return [.. ranking.Take(DocumentsRanked)];
    }
}
