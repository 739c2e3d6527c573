using Microsoft.Extensions.DependencyInjection;
using RagApp.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RagApp.Cli.Hosting;

/// <summary>The composition root: configuration, services and the command tree.</summary>
public static class CliApp
{
    public static Task<int> RunAsync(string[] args, InterruptSource interrupts) =>
        RunAsync(args, interrupts, Console.Out, Console.Error, configure: null);

    /// <summary>Runs one command line with the given standard streams; <paramref name="configure"/> may replace services (tests).</summary>
    public static async Task<int> RunAsync(string[] args, InterruptSource interrupts, TextWriter stdout, TextWriter stderr, Action<IServiceCollection>? configure)
    {
        IServiceCollection services;
        try
        {
            var configuration = CliConfiguration.Build(args);
            services = CliServices.Create(configuration, interrupts, stdout, stderr);
            configure?.Invoke(services);
        }
        catch (Exception ex)
        {
            return ErrorReporter.Handle(ex, stderr);
        }

        var app = new CommandApp(new TypeRegistrar(services));
        var console = (IAnsiConsole)services.Single(d => d.ServiceType == typeof(IAnsiConsole)).ImplementationInstance!;
        app.Configure(config =>
        {
            // Spectre registers a console of its own otherwise, which would replace ours in the container.
            config.ConfigureConsole(console);
            Configure(config, stderr);
        });
        return await app.RunAsync(ContractAliases(args), interrupts.ProgramToken);
    }

    /// <summary>
    /// The contract spells <c>bench embed --n N</c>; Spectre.Console.Cli accepts only one-letter short options, so the
    /// long spelling is mapped to <c>--count</c> before parsing.
    /// </summary>
    private static string[] ContractAliases(string[] args) =>
        [.. args.Select(a => a == "--n" ? "--count" : a.StartsWith("--n=", StringComparison.Ordinal) ? "--count=" + a[4..] : a)];

    /// <summary>Adds the commands and the single place where exceptions become exit codes.</summary>
    public static void Configure(IConfigurator config, TextWriter error)
    {
        config.SetApplicationName("ragapp");

        // An option no command knows is a usage error (exit 2), not something to skip: a misspelt --top would
        // otherwise run with the default and exit 0.
        config.UseStrictParsing();
        config.SetExceptionHandler((ex, _) => ErrorReporter.Handle(ex, error));
        config.AddCommand<IngestCommand>("ingest").WithDescription("Ingest files and folders (default documents/), incrementally")
            .WithExample("ingest", "documents");
        config.AddCommand<SearchCommand>("search").WithDescription("Ranked chunks for a query, no LLM")
            .WithExample("search", "\"how often to feed\"", "--top", "3");
        config.AddCommand<AskCommand>("ask").WithDescription("One grounded answer with citations")
            .WithExample("ask", "\"How often should I feed my starter?\"");
        config.AddCommand<ChatCommand>("chat").WithDescription("Interactive chat over your documents (/help inside)");
        config.AddCommand<StatusCommand>("status").WithDescription("What the index holds");
        config.AddCommand<RemoveCommand>("remove").WithDescription("Forget documents");
        config.AddCommand<EvalCommand>("eval").WithDescription("Retrieval quality on a BEIR-format set (nDCG@10, recall, MRR)");
        config.AddBranch("bench", bench =>
        {
            bench.SetDescription("Benchmarks: embedding throughput, store latency");
            bench.AddCommand<BenchEmbedCommand>("embed").WithDescription("Embedding throughput on a JSONL file of {\"text\"} lines");
            bench.AddCommand<BenchSearchCommand>("search").WithDescription("Cold ragapp search: one new process a run, start to exit");
            bench.AddCommand<BenchStoreCommand>("store").WithDescription("Load time and query latency of the embedded store at N generated chunks");
        });
        config.AddCommand<EvalHitsCommand>("eval-hits").WithDescription("hit@k per mode for paraphrased questions over the current index");
        config.AddCommand<EmbedCommand>("embed").WithDescription("The embedding vector of one text");
    }
}
