using System.Text.RegularExpressions;
using WheelStrat.EndToEnd.Support;
using WheelStrat.Host;
using WheelStrat.Simulator.Control;

namespace WheelStrat.EndToEnd.Operations;

/// <summary>
/// The README's curl and wsctl examples, read from README.md itself (so the two cannot drift), run in bash against
/// the bridge on the simulator: every command must succeed. Blocks that build or install (they run dotnet) are
/// CI's own steps and are left out.
/// </summary>
public sealed partial class ReadmeExampleSpecs
{
    [Fact]
    public async Task Every_curl_and_wsctl_example_in_the_README_works_against_the_simulator()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        var controlPort = SimulatorMode.FreePort();
        await using var control = await ControlEndpoint.StartAsync(sb.Gateway, controlPort);
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "wheelstrat-tests", Guid.NewGuid().ToString("N"), "data")).Parent!.FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "data", "simulator-api-key"), BridgeUnderTest.KeyA + "\n");

        var readme = await File.ReadAllTextAsync(Path.Combine(ToolRunner.RepositoryRoot, "README.md"));
        var blocks = BashBlock().Matches(readme).Select(m => m.Groups["code"].Value)
            .Where(b => !b.Contains("dotnet ", StringComparison.Ordinal) && !b.Contains("./test.sh", StringComparison.Ordinal))
            .ToList();
        var commands = blocks.SelectMany(b => b.Split('\n')).Count(l => l.StartsWith("curl ", StringComparison.Ordinal) || l.StartsWith("wsctl ", StringComparison.Ordinal));
        Assert.True(commands >= 20, $"only {commands} curl/wsctl examples found in README.md");

        var url = sb.Bridge.Url.TrimEnd('/');
        var script = string.Join('\n',
        [
            "set -euo pipefail",
            "curl() { command curl --fail-with-body --silent --show-error --max-time 30 \"$@\"; }",
            "wsctl() { dotnet \"$WSCTL\" \"$@\"; }",
            .. blocks.Select(b => b.Replace("http://localhost:5000", url, StringComparison.Ordinal)
                .Replace("localhost:5000", url["http://".Length..], StringComparison.Ordinal)),
        ]);
        var run = await ToolRunner.RunAsync("bash", ["-c", script], folder, new Dictionary<string, string?>
        {
            ["CONTROL_PORT"] = controlPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["WSCTL"] = Path.Combine(AppContext.BaseDirectory, "wsctl.dll"),
            ["WHEELSTRAT_API_KEY"] = null,
        }, TimeSpan.FromMinutes(4));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("\"ok\"", run.Output, StringComparison.Ordinal);
        Assert.Contains("\"requestedLimitPrice\": 150.004", run.Output, StringComparison.Ordinal);
    }

    [GeneratedRegex("```bash\\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();
}
