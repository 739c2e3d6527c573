using Microsoft.Extensions.AI;

namespace RagApp.Core.Chat;

/// <summary>Answers questions from the indexed documents only, with citations; used by <c>ask</c> and <c>chat</c>.</summary>
public interface IGroundedAnswerService
{
    /// <summary>The configured provider name (<c>extractive</c>, <c>openai</c>, ...).</summary>
    string ProviderName { get; }

    /// <summary>One grounded answer to <paramref name="question"/>, without history.</summary>
    /// <param name="question">The user's question.</param>
    /// <param name="top">Chunks to retrieve; null takes <c>Retrieval:Top</c>.</param>
    /// <param name="cancellationToken">Cancels retrieval and generation.</param>
    /// <exception cref="ChatProviderException">The chat model failed; the message is one line.</exception>
    Task<GroundedAnswer> AskAsync(string question, int? top = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams the answer to <paramref name="question"/> in a conversation: first the query searched
    /// (<see cref="AnswerUpdateKind.SearchQuery"/>), then pieces of text, then the finished answer (<see cref="AnswerUpdateKind.Completed"/>).
    /// </summary>
    /// <param name="question">The user's question, maybe a follow-up.</param>
    /// <param name="history">Earlier user and assistant messages, oldest first; trimmed to <c>Chat:HistoryTokenBudget</c>.</param>
    /// <param name="top">Chunks to retrieve; null takes <c>Retrieval:Top</c>.</param>
    /// <param name="cancellationToken">Stops this answer.</param>
    IAsyncEnumerable<AnswerUpdate> StreamAsync(string question, IReadOnlyList<ChatMessage> history, int? top = null, CancellationToken cancellationToken = default);
}
