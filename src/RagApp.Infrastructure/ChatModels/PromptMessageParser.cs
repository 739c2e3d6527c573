using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace RagApp.Infrastructure.ChatModels;

/// <summary>
/// Splits a rendered Semantic Kernel chat prompt (<c>&lt;message role="system"&gt;…&lt;/message&gt;</c>) into messages.
/// Variable values were HTML-encoded by the template engine, so text inside them can never open or close a message;
/// each message's text is decoded once here, as Semantic Kernel's own parser does.
/// </summary>
internal static partial class PromptMessageParser
{
    public static IReadOnlyList<ChatMessage> Parse(string renderedPrompt)
    {
        ArgumentNullException.ThrowIfNull(renderedPrompt);
        var messages = MessagePattern().Matches(renderedPrompt)
            .Select(m => new ChatMessage(new ChatRole(m.Groups["role"].Value.ToLowerInvariant()), WebUtility.HtmlDecode(m.Groups["content"].Value).Trim()))
            .ToList();
        return messages.Count > 0 ? messages : [new ChatMessage(ChatRole.User, WebUtility.HtmlDecode(renderedPrompt).Trim())];
    }

    [GeneratedRegex("""<message\s+role\s*=\s*"(?<role>system|user|assistant|developer)"\s*>(?<content>.*?)</message>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex MessagePattern();
}
