using WheelStrat.EndToEnd.Support;
using WheelStrat.Simulator;
using WheelStrat.Simulator.Server;

namespace WheelStrat.EndToEnd.Bridge;

/// <summary>The published bridge as its own process: SIGTERM closes the IB socket cleanly; bad settings stop it at start.</summary>
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

    [Fact]
    public async Task A_timer_setting_of_zero_stops_the_bridge_at_start_naming_the_setting()
    {
        await using var gateway = new PaperGateway(new SimulatorOptions());
        await gateway.StartAsync();
        var environment = new Dictionary<string, string>((await JournalDatabase.CreateAsync(JournalDatabase.Sqlite)).Environment)
        {
            ["History__JobPassivateAfter"] = "00:00:00",
        };
        using var bridge = BridgeProcess.Start(gateway.Port, environment);

        await bridge.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var logs = await bridge.Logs();
        Assert.True(bridge.ExitCode != 0, $"exit {bridge.ExitCode}\n{logs}");
        Assert.Contains("JobPassivateAfter", logs, StringComparison.Ordinal);
        Assert.Empty(gateway.Ended);
    }
}
