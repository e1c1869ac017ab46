using WheelStrat.EndToEnd.Support;
using WheelStrat.Simulator;
using WheelStrat.Simulator.Server;

namespace WheelStrat.EndToEnd.Bridge;

/// <summary>The published bridge as its own process: SIGTERM closes the IB socket cleanly.</summary>
public sealed class ShutdownSpecs
{
    [Fact]
    public async Task Sigterm_closes_the_gateway_socket_cleanly_and_exits_0()
    {
        await using var gateway = new PaperGateway(new SimulatorOptions());
        await gateway.StartAsync();
        using var bridge = BridgeProcess.Start(gateway.Port, (await JournalDatabase.CreateAsync(JournalDatabase.Sqlite)).Environment);
        await bridge.WaitUntilConnectedAsync();

        await bridge.SignalAsync("TERM");
        await bridge.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(bridge.ExitCode == 0, $"exit {bridge.ExitCode}\n{await bridge.Logs()}");
        await SimulatedBridge.EventuallyAsync(() => gateway.Ended.Count == 1, "the simulator saw the session end");
        Assert.True(gateway.Ended[0].Clean, "the bridge closed the socket itself (EOF), not a reset");
    }
}
