using RagApp.Infrastructure.Embeddings;
using Xunit;

namespace RagApp.Infrastructure.Tests.Embeddings;

public sealed class NativeWorkGateTests
{
    [Fact]
    public async Task CloseAndWait_WorkInProgress_ReturnsOnlyAfterItEnds()
    {
        var gate = new NativeWorkGate("encoder");
        gate.Enter();

        var closing = Task.Run(() => gate.CloseAndWait(), TestContext.Current.CancellationToken);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        var closedEarly = closing.IsCompleted;
        gate.Exit();
        await closing.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.False(closedEarly);
        Assert.Equal(0, gate.InFlight);
    }

    [Fact]
    public async Task CloseAndWait_SlowWork_SaysSoOnceAfterThePatience_QuickWorkNever()
    {
        var slow = new NativeWorkGate("encoder");
        var quick = new NativeWorkGate("encoder");
        var slowCalls = 0;
        var quickCalls = 0;
        slow.Enter();
        quick.Enter();

        var closingSlow = Task.Run(() => slow.CloseAndWait(TimeSpan.FromMilliseconds(100), () => Interlocked.Increment(ref slowCalls)), TestContext.Current.CancellationToken);
        var closingQuick = Task.Run(() => quick.CloseAndWait(TimeSpan.FromSeconds(30), () => Interlocked.Increment(ref quickCalls)), TestContext.Current.CancellationToken);
        // Told while the work is still in flight (polled: on a busy machine the closing task may start late).
        var toldWhileWaiting = SpinWait.SpinUntil(() => Volatile.Read(ref slowCalls) == 1, TimeSpan.FromSeconds(10));
        slow.Exit();
        quick.Exit();
        await Task.WhenAll(closingSlow, closingQuick).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.True(toldWhileWaiting);
        Assert.Equal(1, slowCalls);
        Assert.Equal(0, quickCalls);
    }

    [Fact]
    public void Enter_AfterClose_ThrowsAndCountsNothing()
    {
        var gate = new NativeWorkGate("encoder");
        gate.CloseAndWait();

        var ex = Assert.Throws<ObjectDisposedException>(gate.Enter);

        Assert.Equal("encoder", ex.ObjectName);
        Assert.Equal(0, gate.InFlight);
    }
}
