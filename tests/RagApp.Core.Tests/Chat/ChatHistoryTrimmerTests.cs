using Xunit;
using Microsoft.Extensions.AI;
using RagApp.Core.Chat;

namespace RagApp.Core.Tests.Chat;

public class ChatHistoryTrimmerTests
{
    private static readonly List<ChatMessage> s_history =
    [
        new(ChatRole.User, "first question"),
        new(ChatRole.Assistant, "first answer"),
        new(ChatRole.User, "second question"),
        new(ChatRole.Assistant, "second answer"),
    ];

    [Fact]
    public void Trim_LargeBudget_KeepsEverything()
    {
        var kept = ChatHistoryTrimmer.Trim(s_history, 10_000);

        Assert.Equal(s_history, kept);
    }

    [Fact]
    public void Trim_SmallBudget_KeepsNewestWholeTurn()
    {
        // Each message costs 10 with this counter: room for three, but the oldest kept would be an assistant reply.
        var kept = ChatHistoryTrimmer.Trim(s_history, 30, _ => 10);

        Assert.Equal(["second question", "second answer"], kept.Select(m => m.Text));
    }

    [Fact]
    public void Trim_ZeroBudget_KeepsNothing()
    {
        Assert.Empty(ChatHistoryTrimmer.Trim(s_history, 0));
    }

    [Fact]
    public void EstimateTokens_IsAboutFourCharactersPerToken()
    {
        Assert.Equal(25 + 4, ChatHistoryTrimmer.EstimateTokens(new string('x', 100)));
    }
}
