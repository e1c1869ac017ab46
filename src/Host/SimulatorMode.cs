using System.Security.Cryptography;
using WheelStrat.Actors.Persistence;
using WheelStrat.Simulator;
using WheelStrat.Simulator.Control;
using WheelStrat.Simulator.Server;

namespace WheelStrat.Host;

/// <summary>
/// --simulator: a paper gateway in this process on a free loopback port, the bridge pointed at it, and
/// (when no key is configured) the key kept in the data folder (made on the first run) printed at start — the whole
/// product with no IB account.
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
        settings["Api:AllowShortKeys"] = "true";
        var keys = builder.Configuration.GetSection("Api:Keys").Get<string[]>() ?? [];
        if (keys.Length == 0 && BridgeApp.SplitKeys(builder.Configuration[BridgeApp.ApiKeyVariable]).Length == 0)
        {
            var file = KeyFile(builder.Configuration);
            settings["Api:Keys:0"] = KeptKey(file);
            // Printed once to the console (not to the logs): the operator needs it to call the API.
            Console.WriteLine($"Simulator mode: API key {settings["Api:Keys:0"]} (kept in {file} for the next runs; delete the file for a new one)");
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

    /// <summary>Beside the journal, in the data folder: the app developer's key stays the same from run to run.</summary>
    public static string KeyFile(IConfiguration configuration) => Path.Combine(
        Path.GetDirectoryName(Path.GetFullPath(configuration["Persistence:SqlitePath"] ?? new PersistenceOptions().SqlitePath))!, KeyFileName);

    public const string KeyFileName = "simulator-api-key";

    private static string KeptKey(string file)
    {
        if (File.Exists(file) && File.ReadAllText(file).Trim() is { Length: > 0 } kept)
        {
            return kept;
        }

        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, key + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return key;
    }

    internal static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }
}
