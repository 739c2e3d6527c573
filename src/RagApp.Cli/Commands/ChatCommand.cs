using RagApp.Cli.Chat;
using RagApp.Cli.Hosting;
using RagApp.Core.Chat;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RagApp.Cli.Commands;

/// <summary><c>ragapp chat</c>: the interactive console chat over the index.</summary>
public sealed class ChatCommand(IndexAccess index, IAnsiConsole console, IGroundedAnswerService answers) : AsyncCommand<IndexSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, IndexSettings settings, CancellationToken cancellationToken)
    {
        await index.OpenForQueriesAsync(mode: null, cancellationToken);
        return await new ChatLoop(console, answers).RunAsync(cancellationToken);
    }
}
