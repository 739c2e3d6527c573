namespace RagApp.Cli.Hosting;

/// <summary>The command line asks for something impossible; exits with <see cref="ExitCodes.Usage"/>.</summary>
public sealed class UsageException(string message) : Exception(message);
