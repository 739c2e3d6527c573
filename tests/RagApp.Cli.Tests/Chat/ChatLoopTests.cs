using Microsoft.Extensions.Options;
using RagApp.Cli.Chat;
using RagApp.Core.Chat;
using RagApp.Core.Options;
using RagApp.Core.Prompts;
using RagApp.Core.Retrieval;
using RagApp.Infrastructure.ChatModels;
using Spectre.Console.Testing;
using Xunit;

namespace RagApp.Cli.Tests.Chat;

public class ChatLoopTests
{
    [Fact]
    public async Task RunAsync_ExtractiveAnswers_StreamsAnswerSourcesAndPassages()
    {
        var console = Wide();
        var input = new StringReader("How long does the battery last?\nand what about it charging?\n/sources\n/exit\nnever read\n");
        var loop = new ChatLoop(console, ExtractiveService(), input);

        var code = await loop.RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, code);
        var output = console.Output;
        Assert.Contains("The battery lasts twelve hours [Markup] on a full charge. [1]", output, StringComparison.Ordinal);
        Assert.Contains("[1] manual.pdf, p. 4 — Power", output, StringComparison.Ordinal);
        Assert.Contains("searching: How long does the battery last? and what about it charging?", output, StringComparison.Ordinal);
        Assert.Contains("[2] faq.md", output, StringComparison.Ordinal);
        Assert.Contains("Charging takes two hours.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("never read", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ProviderError_PrintsOneLineAndTheSessionGoesOn()
    {
        var console = Wide();
        var service = new ScriptedAnswerService()
            .Then((_, _) => ScriptedAnswerService.Fail("cannot reach Chat:Endpoint http://127.0.0.1:1/v1: connection refused. [bold]"))
            .Then((q, ct) => ExtractiveService().StreamAsync(q, [], cancellationToken: ct));
        var loop = new ChatLoop(console, service, new StringReader("first?\nbattery?\n"));

        await loop.RunAsync(TestContext.Current.CancellationToken);

        Assert.Contains("error: cannot reach Chat:Endpoint http://127.0.0.1:1/v1: connection refused. [bold]", console.Output, StringComparison.Ordinal);
        Assert.Contains("[1] manual.pdf", console.Output, StringComparison.Ordinal);
        Assert.Equal([0, 0], service.HistoryCounts);
    }

    [Fact]
    public async Task RunAsync_CancelledWhileWaitingForPipedInput_EndsAtOnce()
    {
        // Ctrl+C at the prompt of a piped chat, with no line coming: the chat ends, as at a terminal prompt.
        var pipe = new System.IO.Pipes.AnonymousPipeServerStream(System.IO.Pipes.PipeDirection.Out);
        using var reader = new StreamReader(new System.IO.Pipes.AnonymousPipeClientStream(System.IO.Pipes.PipeDirection.In, pipe.ClientSafePipeHandle));
        using var interrupt = new CancellationTokenSource();
        var loop = new ChatLoop(Wide(), ExtractiveService(), reader);
        try
        {
            var run = loop.RunAsync(interrupt.Token);
            await Task.Delay(200, TestContext.Current.CancellationToken);
            await interrupt.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        }
        finally
        {
            // Closing the writing end ends the read still waiting on the pipe.
            pipe.Dispose();
        }
    }

    [Fact]
    public async Task RunAsync_AnswerCitingNothing_SaysSoAndPointsToSources()
    {
        var console = Wide();
        var service = new ScriptedAnswerService().Then((_, _) => Uncited());
        var loop = new ChatLoop(console, service, new StringReader("battery?\n"));

        await loop.RunAsync(TestContext.Current.CancellationToken);

        Assert.Contains("About twelve hours.", console.Output, StringComparison.Ordinal);
        Assert.Contains("The answer cites none of the 1 passages it was given (/sources shows them).", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interrupt_StopsTheAnswerNotTheSession()
    {
        var console = Wide();
        var started = new TaskCompletionSource();
        var service = new ScriptedAnswerService()
            .Then((_, ct) => ScriptedAnswerService.StallAfter("Partial", started.SetResult, ct))
            .Then((q, ct) => ExtractiveService().StreamAsync(q, [], cancellationToken: ct));
        var loop = new ChatLoop(console, service, new StringReader("slow?\nbattery?\n"));

        var run = loop.RunAsync(TestContext.Current.CancellationToken);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.True(ChatLoop.InterruptRunning());
        await run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Contains("Partial (stopped)", console.Output, StringComparison.Ordinal);
        Assert.Contains("[1] manual.pdf", console.Output, StringComparison.Ordinal);
        Assert.False(loop.Interrupt());
    }

    [Fact]
    public async Task RunAsync_Reset_ForgetsHistory()
    {
        var console = Wide();
        var service = new ScriptedAnswerService();
        for (var i = 0; i < 3; i++)
        {
            service.Then((q, ct) => ExtractiveService().StreamAsync(q, [], cancellationToken: ct));
        }

        var loop = new ChatLoop(console, service, new StringReader("battery?\nbattery again?\n/reset\nbattery once more?\n/help\n/nope\n"));

        await loop.RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal([0, 2, 0], service.HistoryCounts);
        Assert.Contains("/sources", console.Output, StringComparison.Ordinal);
        Assert.Contains("Unknown command /nope", console.Output, StringComparison.Ordinal);
    }

    private static async IAsyncEnumerable<AnswerUpdate> Uncited()
    {
        await Task.Yield();
        yield return new AnswerUpdate(AnswerUpdateKind.Text, "About twelve hours.");
        var source = new NumberedSource(1, new RetrievedChunk(new ChunkRecord { Id = "m#1", Source = "manual.pdf", Text = "The battery lasts twelve hours." }, 1, 1, 0.7, true));
        yield return new AnswerUpdate(AnswerUpdateKind.Completed, string.Empty, new GroundedAnswer("About twelve hours.", true, "scripted", [], [source], "battery?"));
    }

    private static TestConsole Wide()
    {
        var console = new TestConsole();
        console.Profile.Width = 250;
        return console;
    }

    private static GroundedAnswerService ExtractiveService() => new(
        new FixedRetriever(),
        new ChatClientFactory(Options.Create(new ChatProviderOptions())),
        new SemanticKernelPromptProvider(Options.Create(new PromptOptions())),
        Options.Create(new ChatProviderOptions()),
        Options.Create(new RetrievalOptions()));

    private sealed class FixedRetriever : IRetriever
    {
        public Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(RetrievalRequest request, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<RetrievedChunk>>(
            [
                new(new ChunkRecord { Id = "m#1", Source = "manual.pdf", Page = 4, Section = "Power", Text = "The battery lasts twelve hours [Markup] on a full charge." }, 1, 1, 0.7, true),
                new(new ChunkRecord { Id = "f#2", Source = "faq.md", Text = "Charging takes two hours." }, 2, 0.5, 0.6, true),
            ]);
    }
}
