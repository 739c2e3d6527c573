using Microsoft.Extensions.AI;

namespace RagApp.Core.Chat;

/// <summary>Keeps the newest turns of a conversation that fit a token budget.</summary>
public static class ChatHistoryTrimmer
{
    /// <summary>The default estimate: about four characters a token, rounded up, plus a few tokens of message overhead.</summary>
    public static int EstimateTokens(string text) => ((text?.Length ?? 0) + 3) / 4 + 4;

    /// <summary>
    /// The newest messages of <paramref name="history"/> whose estimated tokens fit <paramref name="tokenBudget"/>, in order.
    /// Never starts with an assistant message (a reply without its question misleads the model); system messages are dropped.
    /// </summary>
    /// <param name="history">Oldest first.</param>
    /// <param name="tokenBudget">Tokens the kept messages may use; 0 keeps nothing.</param>
    /// <param name="tokenCounter">Counts the tokens of a text; null uses <see cref="EstimateTokens"/>.</param>
    public static IReadOnlyList<ChatMessage> Trim(IReadOnlyList<ChatMessage> history, int tokenBudget, Func<string, int>? tokenCounter = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        tokenCounter ??= EstimateTokens;
        var kept = new List<ChatMessage>();
        var used = 0;
        for (var i = history.Count - 1; i >= 0; i--)
        {
            var message = history[i];
            if (message.Role == ChatRole.System)
            {
                continue;
            }

            var cost = tokenCounter(message.Text);
            if (used + cost > tokenBudget)
            {
                break;
            }

            used += cost;
            kept.Add(message);
        }

        kept.Reverse();
        var firstUser = kept.FindIndex(m => m.Role == ChatRole.User);
        return firstUser < 0 ? [] : kept[firstUser..];
    }
}
