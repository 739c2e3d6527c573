using Microsoft.Extensions.AI;
using RagApp.Core.Chat;
using RagApp.Core.Prompts;
using RagApp.Cli.Rendering;
using Spectre.Console;

namespace RagApp.Cli.Chat;

/// <summary>
/// The interactive chat: reads questions, streams grounded answers with their sources, and handles /sources, /reset,
/// /help and /exit. A provider error prints one line and the session goes on; <see cref="Interrupt"/> (Ctrl+C) stops the
/// answer being written, not the session.
/// </summary>
public sealed class ChatLoop
{
    private static ChatLoop? s_running;
    private readonly IAnsiConsole _console;
    private readonly IGroundedAnswerService _answers;
    private readonly TextReader? _input;
    private readonly List<ChatMessage> _history = [];
    private readonly Lock _gate = new();
    private CancellationTokenSource? _answering;
    private GroundedAnswer? _last;

    /// <param name="console">Where the conversation is written.</param>
    /// <param name="answers">Answers questions.</param>
    /// <param name="input">Where questions are read from; null reads the terminal (or standard input when it is redirected).</param>
    public ChatLoop(IAnsiConsole console, IGroundedAnswerService answers, TextReader? input = null)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(answers);
        _console = console;
        _answers = answers;
        _input = input;
    }

    /// <summary>
    /// Stops the answer being written, if any; returns false when none was (then Ctrl+C may end the program).
    /// Call it from the Ctrl+C handler and set <see cref="ConsoleCancelEventArgs.Cancel"/> when it returns true.
    /// </summary>
    public bool Interrupt()
    {
        lock (_gate)
        {
            if (_answering is null || _answering.IsCancellationRequested)
            {
                return false;
            }

            _answering.Cancel();
            return true;
        }
    }

    /// <summary>
    /// Stops the answer being written by the chat that is running, if any. For the program's one Ctrl+C handler:
    /// <c>e.Cancel = true; if (!ChatLoop.InterruptRunning()) cts.Cancel();</c>, so Ctrl+C stops an answer, not the chat.
    /// </summary>
    public static bool InterruptRunning() => Volatile.Read(ref s_running)?.Interrupt() ?? false;

    /// <summary>Runs until /exit, end of input or <paramref name="cancellationToken"/>; returns the exit code (0).</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var interactive = _input is null && _console.Profile.Capabilities.Interactive && !Console.IsInputRedirected;
        if (interactive)
        {
            _console.MarkupLine($"[bold]ragapp chat[/] [dim]({Markup.Escape(_answers.ProviderName)}; /help for commands)[/]");
        }

        Volatile.Write(ref s_running, this);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var line = (await ReadQuestionAsync(interactive, cancellationToken))?.Trim();
                if (line is null || (line.StartsWith('/') && !RunCommand(line)))
                {
                    break;
                }

                if (line.Length > 0 && !line.StartsWith('/'))
                {
                    await AnswerAsync(line, interactive, cancellationToken);
                }
            }
        }
        finally
        {
            Interlocked.CompareExchange(ref s_running, null, this);
        }

        return 0;
    }

    private bool RunCommand(string line)
    {
        switch (line.ToLowerInvariant())
        {
            case "/exit" or "/quit":
                return false;
            case "/reset":
                _history.Clear();
                _last = null;
                _console.MarkupLine("[dim]Conversation forgotten.[/]");
                return true;
            case "/sources":
                ChatTranscriptRenderer.Passages(_console, _last);
                return true;
            case "/help":
                ChatTranscriptRenderer.Help(_console);
                return true;
            default:
                _console.MarkupLine($"Unknown command {Markup.Escape(line)}; /help lists the commands.");
                return true;
        }
    }

    private async Task AnswerAsync(string question, bool interactive, CancellationToken cancellationToken)
    {
        using var answering = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        lock (_gate)
        {
            _answering = answering;
        }

        var wrote = false;
        try
        {
            var stream = _answers.StreamAsync(question, _history, cancellationToken: answering.Token);
            var spinner = interactive ? _console : null;
            await foreach (var update in AnswerWait.WithSpinner(stream, spinner, $"searching and asking {_answers.ProviderName}", answering.Token))
            {
                switch (update.Kind)
                {
                    case AnswerUpdateKind.SearchQuery when !string.Equals(update.Text, question, StringComparison.Ordinal):
                        _console.MarkupLine($"[dim]searching: {Markup.Escape(update.Text)}[/]");
                        break;
                    case AnswerUpdateKind.Text:
                        _console.Write(update.Text);
                        wrote = true;
                        break;
                    case AnswerUpdateKind.Completed when update.Answer is { } answer:
                        _console.WriteLine();
                        ChatTranscriptRenderer.Citations(_console, answer);
                        _history.Add(new ChatMessage(ChatRole.User, question));
                        _history.Add(new ChatMessage(ChatRole.Assistant, answer.Answer));
                        _last = answer;
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _console.MarkupLine(wrote ? " [dim](stopped)[/]" : "[dim](stopped)[/]");
        }
        catch (Exception ex) when (ex is ChatProviderException or PromptTemplateException)
        {
            if (wrote)
            {
                _console.WriteLine();
            }

            _console.MarkupLine($"[red]error:[/] {Markup.Escape(ex.Message)}");
        }
        finally
        {
            lock (_gate)
            {
                _answering = null;
            }
        }

        _console.WriteLine();
    }

    private async Task<string?> ReadQuestionAsync(bool interactive, CancellationToken cancellationToken)
    {
        if (interactive)
        {
            var prompt = new TextPrompt<string>("[bold green]>[/]").AllowEmpty();
            return await _console.PromptAsync(prompt, cancellationToken);
        }

        // A blocked read of a pipe does not watch the token: read on the thread pool and stop waiting when Ctrl+C comes, as
        // the terminal prompt does, instead of holding the interrupt back until the next line cancels its answer.
        var input = _input ?? Console.In;
        var read = Task.Run(input.ReadLine, CancellationToken.None);
        await read.WaitAsync(cancellationToken);
        return await read;
    }
}
