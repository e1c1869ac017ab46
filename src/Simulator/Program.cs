using Microsoft.Extensions.Logging;
using WheelStrat.Simulator;
using WheelStrat.Simulator.Control;
using WheelStrat.Simulator.Server;

// dotnet run --project src/Simulator -- --port 4002 [--listen 127.0.0.1] [--seed 42] [--control-port 4003] [--no-live-data] [--read-only] [--no-pacing] [--account DU1234567]
var options = new SimulatorOptions { Port = 4002 };
var controlPort = 4003;
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--port": options.Port = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
        case "--seed": options.Seed = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
        case "--control-port": controlPort = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
        case "--account": options.Account = Next(); break;
        case "--listen": options.ListenAddress = System.Net.IPAddress.Parse(Next()); break;
        case "--no-live-data": options.LiveData = false; break;
        case "--read-only": options.ReadOnly = true; break;
        case "--no-pacing": options.EnforcePacing = false; break;
        default:
            await Console.Error.WriteLineAsync($"unknown argument {args[i]}; see src/Simulator/README or docs/simulator.md");
            return 64;
    }
}

using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; }));
await using var gateway = new PaperGateway(options, TimeProvider.System, loggerFactory.CreateLogger("simulator"));
await gateway.StartAsync();
await using var control = await ControlEndpoint.StartAsync(gateway, controlPort, options.ListenAddress);
Console.WriteLine($"Paper IB Gateway on {options.ListenAddress}:{gateway.Port}; fault control on http://{options.ListenAddress}:{controlPort}/ (Ctrl+C to stop)");

var done = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    done.TrySetResult();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => done.TrySetResult();
await done.Task;
return 0;
