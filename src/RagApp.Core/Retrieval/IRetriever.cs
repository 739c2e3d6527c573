namespace RagApp.Core.Retrieval;

/// <summary>Finds the chunks that best answer a query (embedding the query when the mode needs it).</summary>
public interface IRetriever
{
    /// <summary>Ranked chunks, best first; empty when the index holds nothing.</summary>
    Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(RetrievalRequest request, CancellationToken cancellationToken = default);
}
