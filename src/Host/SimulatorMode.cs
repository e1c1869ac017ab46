using System.Security.Cryptography;
using WheelStrat.Simulator;
using WheelStrat.Simulator.Control;
using WheelStrat.Simulator.Server;

namespace WheelStrat.Host;

/// <summary>
/// --simulator: a paper gateway in this process on a free loopback port, the bridge pointed at it, and
/// (when no key is configured) a fresh API key printed once — the whole product with no IB account.
/// </summary>
public sealed class SimulatorMode : IAsyncDisposable
{
    public const string Flag = "--simulator";

    private SimulatorMode(PaperGateway gateway, ControlEndpoint control, int controlPort)
    {
        Gateway = gateway;
        Control = control;
        ControlPort = controlPort;
    }

    public PaperGateway Gateway { get; }

    public ControlEndpoint Control { get; }

    public int ControlPort { get; }

    public static async Task<SimulatorMode> StartAsync(WebApplicationBuilder builder)
    {
        var gateway = new PaperGateway(new SimulatorOptions(), TimeProvider.System);
        await gateway.StartAsync();
        var controlPort = FreePort();
        var control = await ControlEndpoint.StartAsync(gateway, controlPort);

        var settings = new Dictionary<string, string?>
        {
            ["Gateway:Host"] = "127.0.0.1",
            ["Gateway:Port"] = gateway.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Admin:AllowFaultInjection"] = "true",
        };
        var keys = builder.Configuration.GetSection("Api:Keys").Get<string[]>() ?? [];
        if (keys.Length == 0 && BridgeApp.SplitKeys(builder.Configuration[BridgeApp.ApiKeyVariable]).Length == 0)
        {
            var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            settings["Api:Keys:0"] = key;
            // Printed once to the console (not to the logs): the operator needs it to call the API.
            Console.WriteLine($"Simulator mode: no API key configured, using this one for this run: {key}");
        }

        builder.Configuration.AddInMemoryCollection(settings);
        Console.WriteLine($"Simulator mode: paper IB Gateway on 127.0.0.1:{gateway.Port}; fault control on http://127.0.0.1:{controlPort}/faults/...");
        return new SimulatorMode(gateway, control, controlPort);
    }

    public async ValueTask DisposeAsync()
    {
        await Control.DisposeAsync();
        await Gateway.DisposeAsync();
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }
}
