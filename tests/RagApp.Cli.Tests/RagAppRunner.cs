using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using RagApp.Cli.Hosting;

namespace RagApp.Cli.Tests;

/// <summary>Runs the real <c>ragapp</c> command line, in-process (fast) or as a child process (kill and concurrency tests).</summary>
public static class RagAppRunner
{
    /// <summary>The result of one run.</summary>
    public sealed record Run(int ExitCode, string Stdout, string Stderr);

    /// <summary>Runs the command line in this process with captured standard streams.</summary>
    public static Task<Run> InProcessAsync(params string[] args) => InProcessAsync(configure: null, args);

    /// <summary>Runs the command line in this process, with <paramref name="configure"/> replacing services.</summary>
    public static async Task<Run> InProcessAsync(Action<IServiceCollection>? configure, params string[] args)
    {
        using var interrupts = new InterruptSource();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, interrupts, stdout, stderr, configure);
        return new Run(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Starts <c>ragapp</c> as a child process (the build beside the tests, as <c>bench search</c> starts it) in <paramref name="workingDirectory"/>.</summary>
    public static Process Start(string workingDirectory, params string[] args)
    {
        var info = SelfProcess.StartInfo(args);
        info.WorkingDirectory = workingDirectory;
        return Process.Start(info) ?? throw new InvalidOperationException("could not start ragapp");
    }

    /// <summary>Runs <c>ragapp</c> as a child process to the end.</summary>
    public static async Task<Run> ProcessAsync(string workingDirectory, params string[] args)
    {
        using var process = Start(workingDirectory, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Run(process.ExitCode, await stdout, await stderr);
    }
}
