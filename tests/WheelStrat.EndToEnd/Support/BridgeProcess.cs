using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace WheelStrat.EndToEnd.Support;

/// <summary>The built bridge (WheelStrat.Host.dll) as its own OS process, for SIGTERM and kill -9 tests.</summary>
public sealed class BridgeProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly Task<string> _errors;

    private BridgeProcess(Process process, string url)
    {
        _process = process;
        Url = url;
        _output = process.StandardOutput.ReadToEndAsync();
        _errors = process.StandardError.ReadToEndAsync();
        Http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        Http.DefaultRequestHeaders.Add("X-API-KEY", BridgeUnderTest.KeyA);
    }

    public string Url { get; }

    public HttpClient Http { get; }

    public int Id => _process.Id;

    public int ExitCode => _process.ExitCode;

    /// <summary>Resident set size from /proc (Linux), in MiB.</summary>
    public double RssMiB
    {
        get
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
        }
    }

    public static BridgeProcess Start(int gatewayPort, IDictionary<string, string>? environment = null)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "WheelStrat.Host.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url);
        start.Environment["Gateway__Port"] = gatewayPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["Gateway__BackoffMin"] = "00:00:00.200";
        start.Environment["WHEELSTRAT_API_KEY"] = BridgeUnderTest.KeyA;
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[k] = v;
        }

        return new BridgeProcess(Process.Start(start)!, url);
    }

    public async Task WaitUntilConnectedAsync()
    {
        // A new process on a loaded machine: start, form its cluster of one (30 s seen with the whole suite running), connect.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                if ((await Http.GetAsync("/health")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            Assert.True(DateTime.UtcNow < deadline, $"the bridge process did not connect: {await Logs()}");
            await Task.Delay(100);
        }
    }

    /// <summary>kill -9: no shutdown hooks, no flush — the crash the journal must survive.</summary>
    public async Task KillHardAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    public async Task WaitForExitAsync(TimeSpan within)
    {
        using var deadline = new CancellationTokenSource(within);
        await _process.WaitForExitAsync(deadline.Token);
    }

    public async Task<string> Logs() => _process.HasExited ? $"{await _output}\n{await _errors}" : "(still running)";

    public void Dispose()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
