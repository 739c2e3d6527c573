using RagApp.Core.Retrieval;

namespace RagApp.Core.Evaluation;

/// <summary>
/// Hit rate at k over <see cref="ParaphraseQuestion"/>s: a question is a hit when one of the first k chunks comes from
/// its source and, when the question names a page, spans that page.
/// </summary>
/// <param name="retriever">The retriever under test, over an index of the questions' documents.</param>
public sealed class HitRateEvaluator(IRetriever retriever)
{
    private readonly IRetriever _retriever = retriever;

    /// <summary>Chunks looked at per question. Default 5.</summary>
    public int Top { get; init; } = 5;

    /// <summary>Asks every question in one mode.</summary>
    public async Task<HitRateResult> EvaluateAsync(
        IReadOnlyList<ParaphraseQuestion> questions, RetrievalMode mode, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentOutOfRangeException.ThrowIfLessThan(Top, 1);

        var hits = 0;
        var misses = new List<string>();
        for (var i = 0; i < questions.Count; i++)
        {
            var question = questions[i];
            var chunks = await _retriever.RetrieveAsync(new RetrievalRequest(question.Question, Top, mode), cancellationToken);
            if (chunks.Take(Top).Any(c => question.IsAnsweredBy(c.Chunk.Source, c.Chunk.Page, c.Chunk.PageEnd)))
            {
                hits++;
            }
            else
            {
                misses.Add(question.Question);
            }

            progress?.Report(i + 1);
        }

        return new HitRateResult(mode.ToString().ToLowerInvariant(), questions.Count, hits, Top, misses);
    }
}
