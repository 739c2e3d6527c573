using RagApp.Core.Retrieval;

namespace RagApp.Core.Tests.Chat;

/// <summary>Returns fixed chunks for every query and records the queries.</summary>
internal sealed class FakeRetriever(params RetrievedChunk[] chunks) : IRetriever
{
    public List<RetrievalRequest> Requests { get; } = [];

    public Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(RetrievalRequest request, CancellationToken cancellationToken = default)
    {
        Requests.Add(request);
        return Task.FromResult<IReadOnlyList<RetrievedChunk>>(chunks);
    }

    public static RetrievedChunk Chunk(int rank, string source, string text, int? page = null, bool relevant = true, string section = "") =>
        new(new ChunkRecord { Id = $"{source}#{rank}", Source = source, Text = text, Page = page, Section = section }, rank, 1.0 / rank, 0.5, relevant);
}
