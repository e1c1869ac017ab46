using Microsoft.Extensions.Options;
using WheelStrat.Host;

try
{
    var app = BridgeApp.Build(args);
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException ex)
{
    // A wrong setting stops the boot with a readable message instead of failing the first request.
    await Console.Error.WriteLineAsync($"Invalid configuration: {string.Join("; ", ex.Failures)}");
    return 2;
}
