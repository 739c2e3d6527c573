using System.ComponentModel;
using RagApp.Cli.Hosting;
using RagApp.Core.Evaluation;
using RagApp.Core.Retrieval;
using Spectre.Console.Cli;

namespace RagApp.Cli.Commands;

/// <summary>
/// <c>ragapp eval-hits --questions F</c>: hit@k per retrieval mode over the current index, for question sets written
/// unlike the documents (<c>{"question","source","page"}</c> a line). Ingest the questions' documents first.
/// </summary>
public sealed class EvalHitsCommand(IndexAccess index, IRetriever retriever, CommandOutput output) : AsyncCommand<EvalHitsCommand.Settings>
{
    public sealed class Settings : JsonSettings
    {
        [CommandOption("--questions <FILE>", isRequired: true)]
        [Description("JSONL: {\"question\",\"source\",\"page\"} a line")]
        public string Questions { get; init; } = "";

        [CommandOption("--mode <MODE>")]
        [Description("hybrid, dense, keyword, or all (default)")]
        public string Mode { get; init; } = "all";

        [CommandOption("--top <K>")]
        [Description("Chunks looked at per question (default 5)")]
        public int Top { get; init; } = 5;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (!File.Exists(settings.Questions))
        {
            throw new UsageException($"--questions: '{settings.Questions}': no such file");
        }

        var modes = RetrievalModes.Parse(settings.Mode, allowAll: true);
        await index.OpenAsync(create: false, cancellationToken);
        var questions = ParaphraseQuestion.Load(settings.Questions);
        var evaluator = new HitRateEvaluator(retriever) { Top = settings.Top };
        var results = new List<HitRateResult>();
        foreach (var mode in modes)
        {
            results.Add(await evaluator.EvaluateAsync(questions, mode, cancellationToken: cancellationToken));
        }

        if (settings.Json)
        {
            output.WriteJson(results);
            return ExitCodes.Success;
        }

        foreach (var result in results)
        {
            output.WriteLine($"{result.Mode,-8} hit@{result.Top}: {result.Hits}/{result.Questions} = {result.HitRate:F3}");
        }

        return ExitCodes.Success;
    }
}
