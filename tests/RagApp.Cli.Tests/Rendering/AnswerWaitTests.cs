using RagApp.Cli.Rendering;
using RagApp.Core.Chat;
using Spectre.Console.Testing;
using Xunit;

namespace RagApp.Cli.Tests.Rendering;

public sealed class AnswerWaitTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task UntilFirstTextAsync_ReadsUpToTheFirstText_AndLeavesTheRestToTheCaller(bool withSpinner)
    {
        await using var updates = Stream().GetAsyncEnumerator(TestContext.Current.CancellationToken);
        var console = new TestConsole().Interactive();

        var first = await AnswerWait.UntilFirstTextAsync(updates, withSpinner ? console : null, "searching and asking extractive");

        Assert.Equal([AnswerUpdateKind.SearchQuery, AnswerUpdateKind.Text], first.Select(u => u.Kind));
        Assert.Equal("The ", first[1].Text);
        Assert.True(await updates.MoveNextAsync());
        Assert.Equal("answer.", updates.Current.Text);
        Assert.True(await updates.MoveNextAsync());
        Assert.Equal(AnswerUpdateKind.Completed, updates.Current.Kind);
        Assert.False(await updates.MoveNextAsync());
    }

    [Fact]
    public async Task UntilFirstTextAsync_StreamWithoutText_ReadsItAll()
    {
        await using var updates = Only(new AnswerUpdate(AnswerUpdateKind.SearchQuery, "q")).GetAsyncEnumerator(TestContext.Current.CancellationToken);

        var first = await AnswerWait.UntilFirstTextAsync(updates, new TestConsole().Interactive(), "waiting");

        Assert.Single(first);
        Assert.False(await updates.MoveNextAsync());
    }

    private static async IAsyncEnumerable<AnswerUpdate> Stream()
    {
        yield return new AnswerUpdate(AnswerUpdateKind.SearchQuery, "q");
        await Task.Delay(50);
        yield return new AnswerUpdate(AnswerUpdateKind.Text, "The ");
        yield return new AnswerUpdate(AnswerUpdateKind.Text, "answer.");
        yield return new AnswerUpdate(AnswerUpdateKind.Completed, string.Empty);
    }

    private static async IAsyncEnumerable<AnswerUpdate> Only(AnswerUpdate update)
    {
        await Task.Yield();
        yield return update;
    }
}
