using RagApp.Core.Retrieval;

namespace RagApp.Core.Tests.Fakes;

/// <summary>An <see cref="IRetriever"/> that answers each query with chunks set beforehand, and records the requests.</summary>
public sealed class ScriptedRetriever : IRetriever
{
    private readonly Dictionary<string, List<ChunkRecord>> _answers = new(StringComparer.Ordinal);

    public List<RetrievalRequest> Requests { get; } = [];

    /// <summary>Answers <paramref name="query"/> with one chunk per (source, page), in this order.</summary>
    public void Answer(string query, params (string Source, int? Page)[] chunks) =>
        _answers[query] = [.. chunks.Select((c, i) => new ChunkRecord { Id = $"{query}#{i}", Source = c.Source, Page = c.Page, Text = c.Source })];

    public Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(RetrievalRequest request, CancellationToken cancellationToken = default)
    {
        Requests.Add(request);
        var chunks = _answers.GetValueOrDefault(request.Query) ?? [];
        return Task.FromResult<IReadOnlyList<RetrievedChunk>>(
            [.. chunks.Take(request.Top).Select((chunk, i) => new RetrievedChunk(chunk, i + 1, 1.0 / (i + 1), null, true))]);
    }
}
