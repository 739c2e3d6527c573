using System.Text;
using Microsoft.Extensions.AI;
using RagApp.Core.Prompts;

namespace RagApp.Core.Chat;

/// <summary>Turns a follow-up question into a standalone search query, using the conversation so far.</summary>
public sealed class QueryRewriter
{
    private const int MaxQueryChars = 500;
    private static readonly HashSet<string> s_referringWords = new(StringComparer.Ordinal)
    {
        "it", "its", "they", "them", "their", "this", "that", "these", "those", "he", "she", "his", "her", "there", "one", "ones",
    };

    private static readonly HashSet<string> s_continuingWords = new(StringComparer.Ordinal) { "and", "or", "but", "also", "then", "so" };

    // How many earlier questions a chain of follow-ups reaches back to.
    private const int MaxFollowUps = 3;

    private readonly IChatClient? _chatClient;
    private readonly IPromptProvider _prompts;

    /// <param name="chatClient">The model that rewrites; null (extractive) uses a word-based rule instead.</param>
    /// <param name="prompts">Provides the <see cref="PromptNames.RewriteQuery"/> template.</param>
    public QueryRewriter(IChatClient? chatClient, IPromptProvider prompts)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        _chatClient = chatClient;
        _prompts = prompts;
    }

    /// <summary>
    /// The query to search for <paramref name="question"/>. Without history it is the question itself and no model is called.
    /// </summary>
    public async Task<string> RewriteAsync(string question, IReadOnlyList<ChatMessage> history, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        ArgumentNullException.ThrowIfNull(history);
        question = question.Trim();
        if (!history.Any(m => m.Role == ChatRole.User))
        {
            return question;
        }

        if (_chatClient is null)
        {
            return RewriteWithoutModel(question, history);
        }

        var prompt = await _prompts.RenderAsync(
            PromptNames.RewriteQuery,
            new Dictionary<string, string> { [PromptNames.History] = FormatHistory(history), [PromptNames.Question] = question },
            cancellationToken);
        var options = new ChatOptions { MaxOutputTokens = prompt.MaxOutputTokens ?? 100, Temperature = prompt.Temperature ?? 0 };
        var response = await _chatClient.GetResponseAsync(prompt.Messages, options, cancellationToken);
        return Clean(response.Text, question);
    }

    /// <summary>The conversation as <c>User: …</c> / <c>Assistant: …</c> lines.</summary>
    public static string FormatHistory(IReadOnlyList<ChatMessage> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var text = new StringBuilder();
        foreach (var message in history.Where(m => m.Role != ChatRole.System))
        {
            text.Append(message.Role == ChatRole.User ? "User: " : "Assistant: ")
                .Append(message.Text.ReplaceLineEndings(" ").Trim())
                .Append('\n');
        }

        return text.ToString().TrimEnd();
    }

    // Without a model: a follow-up (one that refers back, "what does it cost?", starts by continuing, "and the price?", or
    // is a word or two) is searched together with the question it follows, and with the one that question followed when
    // it was a follow-up too, so "where is its config file?" after "what MTU should it use?" still carries "VPN" from
    // the question before. A new question ("what is pm3d?") is searched alone.
    private static string RewriteWithoutModel(string question, IReadOnlyList<ChatMessage> history)
    {
        if (!IsFollowUp(question))
        {
            return question;
        }

        var earlier = history.Where(m => m.Role == ChatRole.User).Select(m => m.Text.Trim()).Where(t => t.Length > 0).Reverse();
        var parts = new List<string> { question };
        foreach (var previous in earlier.Take(MaxFollowUps))
        {
            parts.Insert(0, previous);
            if (!IsFollowUp(previous))
            {
                break;
            }
        }

        var query = string.Join(' ', parts);
        return query.Length <= MaxQueryChars ? query : query[^MaxQueryChars..];
    }

    private static bool IsFollowUp(string question)
    {
        var words = question.ToLowerInvariant().Split((char[])[' ', '?', '!', '.', ',', ';', ':', '\'', '"'], StringSplitOptions.RemoveEmptyEntries);
        return words.Length <= 2 || words.Any(s_referringWords.Contains) || (words.Length > 0 && s_continuingWords.Contains(words[0]));
    }

    private static string Clean(string response, string question)
    {
        var line = response.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        foreach (var prefix in (string[])["Standalone query:", "Standalone question:", "Search query:", "Query:"])
        {
            if (line.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                line = line[prefix.Length..].Trim();
            }
        }

        line = line.Trim('"', '\'', '`', ' ');
        return line.Length == 0 || line.Length > MaxQueryChars ? question : line;
    }
}
