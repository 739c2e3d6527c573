using Spectre.Console;

namespace RagApp.Cli.Hosting;

/// <summary>Standard error: progress, warnings and per-file failures, rich on a terminal, plain lines otherwise.</summary>
public sealed class ErrorConsole(IAnsiConsole console, TextWriter writer, bool isTerminal)
{
    /// <summary>A Spectre console on standard error.</summary>
    public IAnsiConsole Console { get; } = console;

    /// <summary>True when standard error is a terminal.</summary>
    public bool IsTerminal { get; } = isTerminal;

    public void WriteLine(string text)
    {
        writer.WriteLine(text);
        writer.Flush();
    }
}
