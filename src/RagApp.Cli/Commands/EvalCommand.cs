using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using RagApp.Cli.Hosting;
using RagApp.Cli.Rendering;
using RagApp.Core.Evaluation;
using RagApp.Core.Ingestion;
using RagApp.Core.Retrieval;
using Spectre.Console.Cli;

namespace RagApp.Cli.Commands;

/// <summary>
/// <c>ragapp eval</c>: retrieval quality on a BEIR-format set. The corpus goes through the same ingestion users get
/// (each document written as a Markdown file, title as heading), into <c>--index</c> when given (re-used on a later run),
/// else into a temporary folder removed afterwards.
/// </summary>
public sealed class EvalCommand(
    IndexAccess index,
    DocumentIngestor ingestor,
    IngestionReporter reporter,
    IRetriever retriever,
    IConfiguration configuration,
    CommandOutput output,
    ErrorConsole error) : AsyncCommand<EvalCommand.Settings>
{
    public sealed class Settings : JsonSettings
    {
        [CommandOption("--corpus <FILE>", isRequired: true)]
        [Description("corpus.jsonl (or .gz): {\"_id\",\"title\",\"text\"} a line")]
        public string Corpus { get; init; } = "";

        [CommandOption("--queries <FILE>", isRequired: true)]
        [Description("queries.jsonl (or .gz): {\"_id\",\"text\"} a line")]
        public string Queries { get; init; } = "";

        [CommandOption("--qrels <FILE>", isRequired: true)]
        [Description("qrels TSV with a header: query-id, corpus-id, score")]
        public string Qrels { get; init; } = "";

        [CommandOption("--mode <MODE>")]
        [Description("hybrid (default), dense, keyword, or all (one result per mode)")]
        public string Mode { get; init; } = "hybrid";

        [CommandOption("--top <K>")]
        [Description("Chunks retrieved per query before documents are ranked by their best chunk (default 200)")]
        public int Top { get; init; } = 200;

        public override Spectre.Console.ValidationResult Validate() => Top is < 1 or > 10_000
            ? Spectre.Console.ValidationResult.Error("--top must be between 1 and 10000")
            : base.Validate();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var modes = RetrievalModes.Parse(settings.Mode, allowAll: true);
        foreach (var file in new[] { settings.Corpus, settings.Queries, settings.Qrels })
        {
            if (!File.Exists(file))
            {
                throw new UsageException($"'{file}': no such file");
            }
        }

        var temporary = string.Equals(configuration[CliConfiguration.TemporaryIndexKey], "true", StringComparison.Ordinal);
        try
        {
            var dataset = BeirDataset.Load(settings.Corpus, settings.Queries, settings.Qrels);
            using var writerLock = await index.LockForWritingAsync(reporter.Waiting, cancellationToken);
            var store = await index.OpenAsync(create: true, cancellationToken);
            var corpusFolder = Path.Combine(index.IndexPath, "beir-corpus");

            // An index of the user's own documents is not eval's to fill, and its documents would be ranked with the corpus.
            var held = (await store.GetStatisticsAsync(cancellationToken)).Documents;
            if (held > 0 && !Directory.Exists(corpusFolder))
            {
                throw new UsageException($"--index {index.IndexPath} holds {held} documents that eval did not write; give eval a new folder (or none, for a temporary one)");
            }

            var documents = await BeirCorpusFiles.WriteAsync(dataset, corpusFolder, cancellationToken);
            var clock = Stopwatch.StartNew();
            var summary = await reporter.RunAsync(progress => ingestor.IngestAsync([corpusFolder], progress, cancellationToken));
            if (summary.Documents > documents)
            {
                throw new UsageException($"--index {index.IndexPath} holds {summary.Documents - documents} documents besides the corpus's {documents}; give eval a new folder (or none, for a temporary one)");
            }

            var indexSeconds = Math.Round(clock.Elapsed.TotalSeconds, 2);
            error.WriteLine($"indexed {documents} documents ({summary.Chunks} chunks, {summary.EmbeddedChunks} embedded) in {indexSeconds:F1} s");

            var evaluator = new BeirEvaluator(retriever) { ChunksPerQuery = settings.Top, DocumentIdOfSource = BeirCorpusFiles.DocumentIdOf };
            var results = new List<BeirEvaluationResult>();
            foreach (var mode in modes)
            {
                var result = await RunModeAsync(evaluator, dataset, mode, cancellationToken);
                results.Add(result with { IndexSeconds = indexSeconds });
            }

            Report(results, settings.Json);
            return ExitCodes.Success;
        }
        finally
        {
            if (temporary)
            {
                TryDelete(index.IndexPath);
            }
        }
    }

    private async Task<BeirEvaluationResult> RunModeAsync(BeirEvaluator evaluator, BeirDataset dataset, RetrievalMode mode, CancellationToken cancellationToken)
    {
        var total = dataset.Queries.Count;
        var last = DateTime.UtcNow;
        var progress = new SyncProgress<int>(done =>
        {
            if (DateTime.UtcNow - last > TimeSpan.FromSeconds(2) || done == total)
            {
                error.WriteLine($"{mode.ToString().ToLowerInvariant()}: {done}/{total} queries");
                last = DateTime.UtcNow;
            }
        });
        return await evaluator.EvaluateAsync(dataset, mode, progress, cancellationToken);
    }

    private void Report(List<BeirEvaluationResult> results, bool json)
    {
        if (json)
        {
            if (results.Count == 1)
            {
                output.WriteJson(results[0]);
            }
            else
            {
                output.WriteJson(results);
            }

            return;
        }

        output.WriteLine("mode      queries  docs    nDCG@10  R@10    R@100   MRR@10  p50 ms  p95 ms");
        foreach (var r in results)
        {
            output.WriteLine($"{r.Mode,-9} {r.Queries,7}  {r.Documents,6}  {r.NdcgAt10,7:F4}  {r.RecallAt10,6:F4}  {r.RecallAt100,6:F4}  {r.MrrAt10,6:F4}  {r.QueryMsP50,6:F1}  {r.QueryMsP95,6:F1}");
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temporary folder left behind is harmless.
        }
    }
}
