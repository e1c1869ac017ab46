using Microsoft.Extensions.Options;
using WheelStrat.Host;

SimulatorMode? simulator = null;
try
{
    var useSimulator = args.Contains(SimulatorMode.Flag);
    var app = await BridgeApp.BuildAsync(
        [.. args.Where(a => a != SimulatorMode.Flag)],
        async builder => simulator = useSimulator ? await SimulatorMode.StartAsync(builder) : null);
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException ex)
{
    // A wrong setting stops the boot with a readable message instead of failing the first request.
    await Console.Error.WriteLineAsync($"Invalid configuration: {string.Join("; ", ex.Failures)}");
    return 2;
}
finally
{
    if (simulator is not null)
    {
        await simulator.DisposeAsync();
    }
}
