namespace RagApp.Infrastructure.Embeddings;

/// <summary>
/// Counts work inside ONNX Runtime (making a session, running a batch) so that disposal can close the gate and wait for
/// it: disposing a session in use, or a process exiting while ONNX Runtime makes one on another thread, can crash (or
/// hang in its exit handlers).
/// </summary>
internal sealed class NativeWorkGate(string owner)
{
    private int _inFlight;
    private volatile bool _closed;

    /// <summary>Work in progress right now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Starts a piece of work; pair with <see cref="Exit"/> in a <c>finally</c>.</summary>
    /// <exception cref="ObjectDisposedException">The gate is closed.</exception>
    public void Enter()
    {
        Interlocked.Increment(ref _inFlight);
        if (_closed)
        {
            Interlocked.Decrement(ref _inFlight);
            throw new ObjectDisposedException(owner);
        }
    }

    public void Exit() => Interlocked.Decrement(ref _inFlight);

    /// <summary>
    /// Refuses new work and waits until the work in progress has ended; <paramref name="onSlow"/> is called once if that
    /// takes longer than <paramref name="slowAfter"/>.
    /// </summary>
    public void CloseAndWait(TimeSpan? slowAfter = null, Action? onSlow = null)
    {
        // Either Enter sees the gate closed, or this sees its count: the interlocked increment and this barrier order
        // both sides' write before their read.
        _closed = true;
        Interlocked.MemoryBarrier();
        if (slowAfter is { } patience && onSlow is not null && !SpinWait.SpinUntil(() => Volatile.Read(ref _inFlight) == 0, patience))
        {
            onSlow();
        }

        SpinWait.SpinUntil(() => Volatile.Read(ref _inFlight) == 0);
    }
}
