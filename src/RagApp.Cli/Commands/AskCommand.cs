using System.ComponentModel;
using RagApp.Cli.Hosting;
using RagApp.Cli.Rendering;
using RagApp.Core.Chat;
using Spectre.Console.Cli;

namespace RagApp.Cli.Commands;

/// <summary><c>ragapp ask QUESTION</c>: one grounded answer with citations.</summary>
public sealed class AskCommand(IndexAccess index, IGroundedAnswerService answers, CommandOutput output, ErrorConsole error) : AsyncCommand<AskCommand.Settings>
{
    public sealed class Settings : JsonSettings
    {
        [CommandArgument(0, "<QUESTION>")]
        [Description("The question")]
        public string Question { get; init; } = "";

        [CommandOption("--top <K>")]
        [Description("How many chunks to ground the answer on (default Retrieval:Top)")]
        public int? Top { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.Question))
        {
            throw new UsageException("the question is empty");
        }

        if (settings.Top is < 1 or > 100)
        {
            throw new UsageException("--top must be between 1 and 100");
        }

        await index.OpenForQueriesAsync(mode: null, cancellationToken);
        if (settings.Json)
        {
            var answer = await answers.AskAsync(settings.Question, settings.Top, cancellationToken);
            output.WriteJson(AskResponse.From(answer));
            return ExitCodes.Success;
        }

        var spinner = output.IsTerminal && error.IsTerminal ? error.Console : null;
        var stream = answers.StreamAsync(settings.Question, [], settings.Top, cancellationToken);
        await foreach (var update in AnswerWait.WithSpinner(stream, spinner, $"searching and asking {answers.ProviderName}", cancellationToken))
        {
            switch (update.Kind)
            {
                case AnswerUpdateKind.Text:
                    output.Write(update.Text);
                    break;
                case AnswerUpdateKind.Completed when update.Answer is { } answer:
                    output.WriteLine();
                    foreach (var line in AnswerSources.Lines(answer))
                    {
                        output.WriteLine(line);
                    }

                    break;
            }
        }

        return ExitCodes.Success;
    }
}
