using RagApp.Core.Retrieval;

namespace RagApp.Infrastructure.Tests.ChatModels;

/// <summary>Returns the same relevant chunks for every query.</summary>
internal sealed class StubRetriever(params RetrievedChunk[] chunks) : IRetriever
{
    public static StubRetriever Default { get; } = new(
        Chunk(1, "manual.pdf", "The X200 battery lasts twelve hours on a full charge.", 4),
        Chunk(2, "faq.md", "Charging the X200 takes two hours with the bundled cable.", null));

    public List<string> Queries { get; } = [];

    public Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(RetrievalRequest request, CancellationToken cancellationToken = default)
    {
        lock (Queries)
        {
            Queries.Add(request.Query);
        }

        return Task.FromResult<IReadOnlyList<RetrievedChunk>>(chunks);
    }

    public static RetrievedChunk Chunk(int rank, string source, string text, int? page) =>
        new(new ChunkRecord { Id = $"{source}#{rank}", Source = source, Text = text, Page = page }, rank, 1.0 / rank, 0.6, true);
}
