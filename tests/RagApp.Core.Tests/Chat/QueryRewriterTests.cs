using Xunit;
using Microsoft.Extensions.AI;
using RagApp.Core.Chat;
using RagApp.Core.Prompts;

namespace RagApp.Core.Tests.Chat;

public class QueryRewriterTests
{
    private static readonly List<ChatMessage> s_history =
    [
        new(ChatRole.User, "What is the Falcon 9 payload?"),
        new(ChatRole.Assistant, "It carries 22,800 kg to LEO [1]."),
    ];

    [Fact]
    public async Task RewriteAsync_NoHistory_ReturnsQuestionWithoutCallingTheModel()
    {
        var chat = new FakeChatClient();

        var query = await new QueryRewriter(chat, new SimplePromptProvider()).RewriteAsync("  What is RAG? ", [], TestContext.Current.CancellationToken);

        Assert.Equal("What is RAG?", query);
        Assert.Empty(chat.Calls);
    }

    [Fact]
    public async Task RewriteAsync_FollowUp_SendsHistoryAndQuestionThroughTheRewritePrompt()
    {
        var chat = new FakeChatClient().Reply("Standalone query: \"Falcon 9 launch cost\"\nextra line");

        var query = await new QueryRewriter(chat, new SimplePromptProvider()).RewriteAsync("and what does it cost?", s_history, TestContext.Current.CancellationToken);

        Assert.Equal("Falcon 9 launch cost", query);
        var sent = Assert.Single(chat.Calls);
        Assert.StartsWith(PromptNames.RewriteQuery, sent[0].Text, StringComparison.Ordinal);
        Assert.Contains("User: What is the Falcon 9 payload?", sent[1].Text, StringComparison.Ordinal);
        Assert.Contains("Assistant: It carries 22,800 kg to LEO [1].", sent[1].Text, StringComparison.Ordinal);
        Assert.Contains("and what does it cost?", sent[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RewriteAsync_EmptyModelReply_FallsBackToQuestion()
    {
        var chat = new FakeChatClient().Reply("  ");

        var query = await new QueryRewriter(chat, new SimplePromptProvider()).RewriteAsync("and the cost?", s_history, TestContext.Current.CancellationToken);

        Assert.Equal("and the cost?", query);
    }

    [Fact]
    public async Task RewriteAsync_WithoutModel_FollowUpThatRefersBack_IncludesPreviousQuestion()
    {
        var rewriter = new QueryRewriter(null, new SimplePromptProvider());

        var followUp = await rewriter.RewriteAsync("How much does it cost?", s_history, TestContext.Current.CancellationToken);
        var standalone = await rewriter.RewriteAsync("Who founded SpaceX?", s_history, TestContext.Current.CancellationToken);

        Assert.Equal("What is the Falcon 9 payload? How much does it cost?", followUp);
        Assert.Equal("Who founded SpaceX?", standalone);
    }

    [Fact]
    public async Task RewriteAsync_WithoutModel_ChainOfFollowUps_ReachesBackToTheQuestionTheyFollow()
    {
        var rewriter = new QueryRewriter(null, new SimplePromptProvider());
        List<ChatMessage> history =
        [
            new(ChatRole.User, "How do I connect to the VPN?"),
            new(ChatRole.Assistant, "Run wg-quick up acme0 [1]."),
            new(ChatRole.User, "what MTU should it use?"),
            new(ChatRole.Assistant, "1420 [1]."),
        ];

        var third = await rewriter.RewriteAsync("and where is its config file?", history, TestContext.Current.CancellationToken);
        var fresh = await rewriter.RewriteAsync("what is pm3d?", history, TestContext.Current.CancellationToken);

        Assert.Equal("How do I connect to the VPN? what MTU should it use? and where is its config file?", third);
        Assert.Equal("what is pm3d?", fresh);
    }
}
