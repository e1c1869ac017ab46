using WheelStrat.Simulator.Server;

namespace WheelStrat.Simulator.Tests.Support;

/// <summary>A fresh simulator on a loopback port for each test, ticking every 100 ms so tests see ticks soon.</summary>
public abstract class SimulatorSpecs : IAsyncLifetime
{
    protected PaperGateway Gateway { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Gateway = new PaperGateway(new SimulatorOptions { TickInterval = TimeSpan.FromMilliseconds(100) });
        await Gateway.StartAsync();
    }

    public virtual async Task DisposeAsync() => await Gateway.DisposeAsync();
}
