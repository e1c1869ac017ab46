using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using WheelStrat.Simulator;
using WheelStrat.Simulator.Server;

namespace WheelStrat.Benchmarks.Load;

/// <summary>
/// The execution journal at 10,000 fills, end to end with the published bridge and a SQLite journal:
/// how long the connect-time sync takes to journal them, how fast GET /executions answers over them,
/// and how long the bridge takes to recover the journal after a restart.
/// </summary>
public static class JournalBenchmark
{
    public static async Task<int> RunAsync(string bridgeDir, int fills)
    {
        await using var gateway = new PaperGateway(new SimulatorOptions());
        await gateway.StartAsync();
        var db = Path.Combine(Path.GetTempPath(), $"journal-bench-{Guid.NewGuid():N}.db");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(120) };
        http.DefaultRequestHeaders.Add("X-API-KEY", LoadDriver.Key);

        var (bridge, url) = Start(bridgeDir, gateway.Port, db);
        await WaitAsync(http, url, 0);
        await Task.Delay(2000); // the connect-time sync (of nothing) is over

        // The fills appear at IB while the bridge is up; one sync brings them in and answers once they are durable.
        gateway.SeedExecutions(fills);
        var clock = Stopwatch.StartNew();
        var first = await (await http.PostAsync($"{url}/executions/sync", null)).Content.ReadFromJsonAsync<JsonElement>();
        var firstSync = clock.Elapsed;
        if (first.GetProperty("new").GetInt32() != fills)
        {
            throw new InvalidOperationException($"the sync journaled {first} instead of {fills} new fills");
        }

        var latencies = new List<double>();
        for (var i = 0; i < 30; i++)
        {
            var t = Stopwatch.StartNew();
            var page = await http.GetFromJsonAsync<JsonElement>($"{url}/executions?since=2000-01-01&limit=5000&after={(i % 2) * 5000}");
            latencies.Add(t.Elapsed.TotalMilliseconds);
            if (page.GetProperty("items").GetArrayLength() != 5000)
            {
                throw new InvalidOperationException("expected full pages");
            }
        }

        var defaults = new List<double>();
        for (var i = 0; i < 30; i++)
        {
            var t = Stopwatch.StartNew();
            await http.GetFromJsonAsync<JsonElement>($"{url}/executions?since=2000-01-01");
            defaults.Add(t.Elapsed.TotalMilliseconds);
        }

        defaults.Sort();
        var sync = Stopwatch.StartNew();
        var again = await (await http.PostAsync($"{url}/executions/sync", null)).Content.ReadFromJsonAsync<JsonElement>();
        var resync = sync.Elapsed;

        bridge.Kill(entireProcessTree: true);
        await bridge.WaitForExitAsync();
        var restart = Stopwatch.StartNew();
        var (second, url2) = Start(bridgeDir, gateway.Port, db);
        await WaitAsync(http, url2, fills);
        var recovery = restart.Elapsed;
        second.Kill(entireProcessTree: true);

        latencies.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            journal benchmark: {fills} fills, SQLite journal, published bridge
            | measure | value |
            |---|---:|
            | POST /executions/sync bringing {fills} new fills from IB, answered once journaled | {firstSync.TotalMilliseconds:0} ms |
            | GET /executions, 5,000-trade page over {fills} (median of 30) | {latencies[15]:0.0} ms |
            | GET /executions, p90 / max | {latencies[27]:0.0} / {latencies[^1]:0.0} ms |
            | GET /executions, default 500-trade page over {fills}: median / p90 / max | {defaults[15]:0.0} / {defaults[27]:0.0} / {defaults[^1]:0.0} ms |
            | POST /executions/sync of {fills} already-journaled fills | {resync.TotalMilliseconds:0} ms ({again.GetProperty("duplicates").GetInt32()} duplicates) |
            | restart → journal recovered and served (kill -9, new process) | {recovery.TotalSeconds:0.00} s |
            """));
        return 0;
    }

    private static (Process Process, string Url) Start(string dir, int gatewayPort, string db)
    {
        var settings = new Dictionary<string, string> { ["Persistence__SqlitePath"] = db, ["Executions__SyncDeadline"] = "00:01:00" };
        var process = LoadDriver.StartBridge(dir, gatewayPort, settings, out var url);
        return (process, url);
    }

    private static async Task WaitAsync(HttpClient http, string url, int fills)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var page = await http.GetFromJsonAsync<JsonElement>($"{url}/executions?limit=1");
                if (page.GetProperty("lastSequence").GetInt64() >= fills)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("fills never journaled");
    }
}
