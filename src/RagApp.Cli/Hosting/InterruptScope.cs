namespace RagApp.Cli.Hosting;

/// <summary>One Ctrl+C scope of <see cref="InterruptSource"/>.</summary>
public sealed class InterruptScope(InterruptSource owner, CancellationTokenSource source) : IDisposable
{
    /// <summary>Cancelled by Ctrl+C while this scope is the innermost one.</summary>
    public CancellationToken Token => source.Token;

    public void Dispose() => owner.EndScope(source);
}
