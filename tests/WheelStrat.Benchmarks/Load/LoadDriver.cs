using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using WheelStrat.Simulator;
using WheelStrat.Simulator.Server;

namespace WheelStrat.Benchmarks.Load;

/// <summary>
/// Drives a real published bridge (its own process) over loopback HTTP against the simulator, with a
/// bare Kestrel /ping in the same run as the floor. Reports per-route throughput and latency
/// percentiles (and their ratio to the floor), status codes, and the bridge's RSS and CPU.
/// </summary>
public static class LoadDriver
{
    // The bridge refuses keys shorter than 32 characters at startup.
    internal const string Key = "load-driver-key-0123456789abcdef0123456789";

    public static async Task<int> RunAsync(string[] args)
    {
        var o = LoadOptions.Parse(args);
        await using var gateway = new PaperGateway(new SimulatorOptions { TickInterval = TimeSpan.FromMilliseconds(250), EnforcePacing = false });
        await gateway.StartAsync();
        await using var floor = await BareKestrel.StartAsync();
        using var bridge = StartBridge(o, gateway.Port, out var bridgeUrl);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            Timeout = TimeSpan.FromSeconds(90),
        };
        http.DefaultRequestHeaders.Add("X-API-KEY", Key);
        await WaitForHealthyAsync(http, bridgeUrl);

        var routes = o.Mix.Select(name => Route.Named(name, bridgeUrl, floor.Url)).ToList();
        // Warm: one of each, so /quote measures a warm line.
        foreach (var r in routes)
        {
            await r.Send(http, 0);
        }

        if (o.Stall)
        {
            gateway.Faults.Stalled = true;
            Console.WriteLine("gateway stalled: IB accepts and answers nothing from now on");
        }

        Console.WriteLine($"{o.Concurrency} clients for {o.Duration.TotalSeconds:0}s over: {string.Join(", ", routes.Select(r => r.Name))}");
        var samples = new ConcurrentDictionary<string, ConcurrentBag<double>>();
        var statuses = new ConcurrentDictionary<string, int>();
        var rss = new ConcurrentBag<(double T, long Kb, long DirtyKb)>();
        var clock = Stopwatch.StartNew();
        var cpuStart = CpuSeconds(bridge.Id);
        using var stop = new CancellationTokenSource(o.Duration);
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                rss.Add((clock.Elapsed.TotalSeconds, RssKb(bridge.Id), DirtyKb(bridge.Id)));
                await Task.Delay(1000).ConfigureAwait(false);
            }
        });
        var workers = Enumerable.Range(0, o.Concurrency).Select(async w =>
        {
            var i = w;
            while (!stop.IsCancellationRequested)
            {
                var route = routes[i++ % routes.Count];
                var started = Stopwatch.GetTimestamp();
                string code;
                try
                {
                    code = ((int)await route.Send(http, i)).ToString(CultureInfo.InvariantCulture);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    code = "no-answer";
                }

                samples.GetOrAdd(route.Name, _ => []).Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                statuses.AddOrUpdate($"{route.Name} {code}", 1, (_, n) => n + 1);
            }
        }).ToList();
        await Task.WhenAll(workers);
        await sampler;
        var cpu = (CpuSeconds(bridge.Id) - cpuStart) / clock.Elapsed.TotalSeconds * 100;

        var report = Report(o, routes, samples, statuses, rss, cpu, clock.Elapsed);
        Console.WriteLine(report);
        if (o.Output is not null)
        {
            await File.WriteAllTextAsync(o.Output, report);
            await File.WriteAllLinesAsync(Path.ChangeExtension(o.Output, ".rss.csv"), ["seconds,rss_mb,dirty_mb", .. rss.OrderBy(r => r.T).Select(r => $"{r.T:0},{r.Kb / 1024.0:0.0},{r.DirtyKb / 1024.0:0.0}")]);
        }

        bridge.Kill(entireProcessTree: true);
        return statuses.Keys.Any(k => k.EndsWith(" 500", StringComparison.Ordinal) || k.EndsWith(" no-answer", StringComparison.Ordinal)) ? 1 : 0;
    }

    private static string Report(LoadOptions o, List<Route> routes, ConcurrentDictionary<string, ConcurrentBag<double>> samples,
        ConcurrentDictionary<string, int> statuses, ConcurrentBag<(double T, long Kb, long DirtyKb)> rss, double cpu, TimeSpan elapsed)
    {
        static double P(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
        var floor = samples.TryGetValue("bare-ping", out var f) ? f.Order().ToArray() : [];
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"load: {o.Concurrency} concurrent clients, {elapsed.TotalSeconds:0.0} s{(o.Stall ? ", gateway stalled" : "")}, {Environment.ProcessorCount} cores");
        sb.AppendLine("| route | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | p50 / floor | p99 / floor |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in routes)
        {
            var s = samples.TryGetValue(r.Name, out var bag) ? bag.Order().ToArray() : [];
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Name} | {s.Length} | {s.Length / elapsed.TotalSeconds:0} | {P(s, 50):0.00} | {P(s, 90):0.00} | {P(s, 99):0.00} | {(s.Length == 0 ? 0 : s[^1]):0.00} | {P(s, 50) / P(floor, 50):0.00} | {P(s, 99) / P(floor, 99):0.00} |");
        }

        sb.AppendLine();
        sb.AppendLine("status codes: " + string.Join(", ", statuses.OrderBy(k => k.Key).Select(k => $"{k.Key}: {k.Value}")));
        var mem = rss.OrderBy(r => r.T).ToList();
        if (mem.Count > 0)
        {
            var steady = mem.Skip(mem.Count / 2).ToList();
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"bridge RSS: start {mem[0].Kb / 1024.0:0.0} MB, max {mem.Max(m => m.Kb) / 1024.0:0.0} MB, steady (2nd half) mean {steady.Average(m => m.Kb) / 1024.0:0.0} MB, end {mem[^1].Kb / 1024.0:0.0} MB; CPU {cpu:0}% of one core");
            // RSS includes clean pages of the mapped assemblies, which the kernel drops under pressure (and a
            // container's limit makes it do so); dirty pages (heap, JIT code, stacks) are what must stay.
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"bridge dirty memory (Pss_Dirty, cannot be dropped without swap): steady mean {steady.Average(m => m.DirtyKb) / 1024.0:0.0} MB, max {mem.Max(m => m.DirtyKb) / 1024.0:0.0} MB");
        }

        return sb.ToString();
    }

    private static Process StartBridge(LoadOptions o, int gatewayPort, out string url) => StartBridge(o.Bridge, gatewayPort, o.GcSettings, out url);

    /// <summary>The published bridge in its own process against the simulator on <paramref name="gatewayPort"/>, with <paramref name="settings"/> as environment.</summary>
    internal static Process StartBridge(string bridgeDir, int gatewayPort, IReadOnlyDictionary<string, string> settings, out string url)
    {
        var port = FreePort();
        url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = bridgeDir };
        start.ArgumentList.Add(Path.Combine(bridgeDir, "WheelStrat.Host.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url);
        start.Environment["Gateway__Port"] = gatewayPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["WHEELSTRAT_API_KEY"] = Key;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Trading__MaxNotional"] = "100000000";
        // A journal of its own for every start: the default (data/ beside the published bridge) would carry one run's
        // orders into the next, so repeated runs of one build would measure idempotent repeats instead of new orders.
        start.Environment["Persistence__SqlitePath"] = Path.Combine(Path.GetTempPath(), $"wheelstrat-bench-{Guid.NewGuid():N}", "wheelstrat.db");
        foreach (var (k, v) in settings)
        {
            start.Environment[k] = v;
        }

        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }

    internal static async Task WaitForHealthyAsync(HttpClient http, string url)
    {
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await http.GetAsync(url + "/health")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("the bridge did not become healthy within 30 s");
    }

    private static long RssKb(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static long DirtyKb(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/smaps_rollup").First(l => l.StartsWith("Pss_Dirty:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            return 0;
        }
    }

    private static double CpuSeconds(int pid)
    {
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>A bare Kestrel with one /ping route: the floor every bridge route is compared with.</summary>
    private sealed class BareKestrel : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private BareKestrel(WebApplication app, string url)
        {
            _app = app;
            Url = url;
        }

        public string Url { get; }

        public static async Task<BareKestrel> StartAsync()
        {
            var url = $"http://127.0.0.1:{FreePort()}";
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls(url);
            builder.Logging.ClearProviders();
            var app = builder.Build();
            app.MapGet("/ping", () => Results.Ok(new { status = "ok", time = DateTimeOffset.UtcNow }));
            await app.StartAsync();
            return new BareKestrel(app, url);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
