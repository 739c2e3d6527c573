using System.ComponentModel;
using System.Diagnostics;
using RagApp.Cli.Hosting;
using RagApp.Cli.Rendering;
using Microsoft.Extensions.Options;
using RagApp.Core.Options;
using RagApp.Core.Retrieval;
using Spectre.Console.Cli;

namespace RagApp.Cli.Commands;

/// <summary><c>ragapp search QUERY</c>: ranked chunks, no LLM.</summary>
public sealed class SearchCommand(IndexAccess index, IRetriever retriever, IOptions<RetrievalOptions> options, CommandOutput output)
    : AsyncCommand<SearchCommand.Settings>
{
    public sealed class Settings : JsonSettings
    {
        [CommandArgument(0, "<QUERY>")]
        [Description("What to look for")]
        public string Query { get; init; } = "";

        [CommandOption("--top <K>")]
        [Description("How many chunks (default Retrieval:Top, 5)")]
        public int? Top { get; init; }

        [CommandOption("--mode <MODE>")]
        [Description("hybrid (default), dense or keyword")]
        public string? Mode { get; init; }

        [CommandOption("--source <GLOB>")]
        [Description("Only documents whose path matches the glob (*, **, ?)")]
        public string? Source { get; init; }

        [CommandOption("--type <TYPE>")]
        [Description("Only these file types (pdf, md, txt...); repeatable")]
        public string[] Types { get; init; } = [];
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var request = SearchRequests.Create(settings.Query, settings.Top ?? options.Value.Top, settings.Mode, settings.Source, settings.Types);
        await index.OpenForQueriesAsync(request.Mode, cancellationToken);
        var clock = Stopwatch.StartNew();
        var results = await retriever.RetrieveAsync(request, cancellationToken);
        var ms = clock.Elapsed.TotalMilliseconds;
        if (settings.Json)
        {
            output.WriteJson(new SearchResponse(results.Select(SearchResultItem.From).ToArray(), Math.Round(ms, 2)));
            return ExitCodes.Success;
        }

        if (results.Count == 0)
        {
            output.WriteLine("No results.");
        }

        foreach (var result in results)
        {
            output.WriteLine(SourceLabel.Format(result.Rank, result.Chunk) + $"  (score {result.Score:F4})");
            output.WriteLine("   " + Snippet.Of(result.Chunk.Text, 300));
        }

        return ExitCodes.Success;
    }
}
