using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RagApp.Cli.Rendering;
using RagApp.Core.Ingestion;
using RagApp.Infrastructure;
using Spectre.Console;

namespace RagApp.Cli.Hosting;

/// <summary>Registers everything the commands need. Nothing heavy is created here: models load on first use.</summary>
public static class CliServices
{
    public static IServiceCollection Create(IConfiguration configuration, InterruptSource interrupts, TextWriter stdout, TextWriter stderr)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(logging => logging
            .AddConfiguration(configuration.GetSection("Logging"))
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        services.AddSingleton(interrupts);

        var stdoutIsTerminal = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
        var stderrIsTerminal = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
        services.AddSingleton(new CommandOutput(stdout, stdoutIsTerminal));
        services.AddSingleton(StdoutConsole(stdout, stdoutIsTerminal));
        services.AddSingleton(_ => new ErrorConsole(
            AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(stderr),
                Ansi = stderrIsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
                Interactive = stderrIsTerminal ? InteractionSupport.Detect : InteractionSupport.No,
            }),
            stderr,
            stderrIsTerminal));

        services.AddRagAppInfrastructure(configuration);
        services.AddSingleton<DocumentIngestor>();
        services.AddSingleton<IndexAccess>();
        services.AddSingleton<IngestionReporter>();
        return services;
    }

    /// <summary>The console on standard output; piped output is plain text with no wrapping at an imaginary width.</summary>
    private static IAnsiConsole StdoutConsole(TextWriter stdout, bool isTerminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            Interactive = isTerminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!isTerminal)
        {
            console.Profile.Width = 100_000;
        }

        return console;
    }
}
