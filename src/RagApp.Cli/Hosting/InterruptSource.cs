namespace RagApp.Cli.Hosting;

/// <summary>
/// Routes Ctrl+C: by default it cancels the whole run; the chat loop pushes a scope per answer so that Ctrl+C stops
/// the answer being written, not the program.
/// </summary>
public sealed class InterruptSource : IDisposable
{
    private readonly CancellationTokenSource _root = new();
    private readonly Stack<CancellationTokenSource> _scopes = new();
    private readonly Lock _gate = new();

    /// <summary>Cancelled when the user interrupts the program outside any scope.</summary>
    public CancellationToken ProgramToken => _root.Token;

    /// <summary>Called from the console's Ctrl+C handler; returns true when only a scope was cancelled.</summary>
    public bool Interrupt()
    {
        lock (_gate)
        {
            while (_scopes.Count > 0)
            {
                var top = _scopes.Peek();
                if (!top.IsCancellationRequested)
                {
                    top.Cancel();
                    return true;
                }

                _scopes.Pop();
            }
        }

        _root.Cancel();
        return false;
    }

    /// <summary>A token that Ctrl+C cancels instead of the program, until the returned scope is disposed.</summary>
    public InterruptScope BeginScope(CancellationToken outer)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        lock (_gate)
        {
            _scopes.Push(source);
        }

        return new InterruptScope(this, source);
    }

    internal void EndScope(CancellationTokenSource source)
    {
        lock (_gate)
        {
            var rest = _scopes.Where(s => s != source).Reverse().ToArray();
            _scopes.Clear();
            foreach (var s in rest)
            {
                _scopes.Push(s);
            }
        }

        source.Dispose();
    }

    public void Dispose() => _root.Dispose();
}
