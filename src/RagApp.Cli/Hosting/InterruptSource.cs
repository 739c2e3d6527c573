namespace RagApp.Cli.Hosting;

/// <summary>Cancels the run when the user presses Ctrl+C (the chat loop takes Ctrl+C first to stop only the current answer).</summary>
public sealed class InterruptSource : IDisposable
{
    private readonly CancellationTokenSource _root = new();

    /// <summary>Cancelled when the user interrupts the program.</summary>
    public CancellationToken ProgramToken => _root.Token;

    /// <summary>Cancels the run.</summary>
    public void Interrupt() => _root.Cancel();

    public void Dispose() => _root.Dispose();
}
