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

        var closing = Task.Run(gate.CloseAndWait, TestContext.Current.CancellationToken);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        var closedEarly = closing.IsCompleted;
        gate.Exit();
        await closing.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.False(closedEarly);
        Assert.Equal(0, gate.InFlight);
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
