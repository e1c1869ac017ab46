using System.Diagnostics;
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
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "WheelStrat.Host.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["Gateway__Port"] = gateway.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["WHEELSTRAT_API_KEY"] = BridgeUnderTest.KeyA;
        start.WorkingDirectory = AppContext.BaseDirectory;
        using var bridge = Process.Start(start)!;
        var output = bridge.StandardOutput.ReadToEndAsync();
        var errors = bridge.StandardError.ReadToEndAsync();

        await SimulatedBridge.EventuallyAsync(() => gateway.ConnectedClients.Count == 1 && gateway.ConnectedClients[0] is not null, "the bridge connected");
        using (var kill = Process.Start("kill", ["-TERM", bridge.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await bridge.WaitForExitAsync(deadline.Token);
        Assert.True(bridge.ExitCode == 0, $"exit {bridge.ExitCode}\n{await output}\n{await errors}");
        await SimulatedBridge.EventuallyAsync(() => gateway.Ended.Count == 1, "the simulator saw the session end");
        Assert.True(gateway.Ended[0].Clean, "the bridge closed the socket itself (EOF), not a reset");
    }
}
