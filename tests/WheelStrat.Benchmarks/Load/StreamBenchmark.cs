using System.Diagnostics;
using System.Globalization;
using System.Text;
using WheelStrat.Simulator;
using WheelStrat.Simulator.Server;

namespace WheelStrat.Benchmarks.Load;

/// <summary>
/// GET /stream at 100 concurrent streams against the published bridge over loopback: events per second delivered
/// across all streams, and the bridge's memory (RSS) before, during and after. Each stream watches two of the
/// simulator's eight stocks plus orders and executions; one market order a second makes order and fill events.
/// Bounded in time; prints its table and writes it to the given file.
/// </summary>
public static class StreamBenchmark
{
    private static readonly string[] Stocks = ["AAPL", "AMZN", "MSFT", "META", "NVDA", "TSLA", "SPY", "QQQ"];

    public static async Task<int> RunAsync(string bridgeDir, int streams, TimeSpan duration, string output)
    {
        await using var gateway = new PaperGateway(new SimulatorOptions());
        await gateway.StartAsync();
        var db = Path.Combine(Path.GetTempPath(), $"stream-bench-{Guid.NewGuid():N}.db");
        var (bridge, url) = Start(bridgeDir, gateway.Port, db, streams);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Add("X-API-KEY", LoadDriver.Key);
            await WaitHealthyAsync(http);
            await Task.Delay(2000);
            var idle = Rss(bridge);

            using var stop = new CancellationTokenSource();
            var counts = new long[streams];
            var opened = 0;
            var readers = Enumerable.Range(0, streams).Select(i => Task.Run(async () =>
            {
                var query = $"/stream?instruments={Stocks[i % 8]},{Stocks[(i + 3) % 8]}&orders=true&executions=true";
                using var client = new HttpClient { BaseAddress = new Uri(url), Timeout = Timeout.InfiniteTimeSpan };
                client.DefaultRequestHeaders.Add("X-API-KEY", LoadDriver.Key);
                using var response = await client.GetAsync(query, HttpCompletionOption.ResponseHeadersRead, stop.Token);
                response.EnsureSuccessStatusCode();
                Interlocked.Increment(ref opened);
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token), Encoding.UTF8);
                try
                {
                    while (await reader.ReadLineAsync(stop.Token) is { } line)
                    {
                        if (line.StartsWith("event: ", StringComparison.Ordinal))
                        {
                            Interlocked.Increment(ref counts[i]);
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                }
            })).ToList();

            var openClock = Stopwatch.StartNew();
            while (Volatile.Read(ref opened) < streams)
            {
                if (readers.FirstOrDefault(r => r.IsFaulted) is { } failed)
                {
                    throw new InvalidOperationException("a stream did not open", failed.Exception);
                }

                if (openClock.Elapsed > TimeSpan.FromMinutes(1))
                {
                    throw new TimeoutException($"only {opened} of {streams} streams opened");
                }

                await Task.Delay(50);
            }

            var openTime = openClock.Elapsed;
            await Task.Delay(2000);
            var before = counts.Sum();
            var peak = Rss(bridge);
            var clock = Stopwatch.StartNew();
            var orders = 0;
            while (clock.Elapsed < duration)
            {
                using var order = new StringContent("""{"symbol":"SPY","action":"BUY","quantity":1,"orderType":"MKT"}""", Encoding.UTF8, "application/json");
                using var request = new HttpRequestMessage(HttpMethod.Post, "/order") { Content = order };
                request.Headers.Add("Idempotency-Key", $"stream-bench-{orders++}");
                (await http.SendAsync(request)).Dispose();
                peak = Math.Max(peak, Rss(bridge));
                await Task.Delay(1000);
            }

            var elapsed = clock.Elapsed;
            var delivered = counts.Sum() - before;
            var during = Rss(bridge);
            await stop.CancelAsync();
            await Task.WhenAll(readers.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default)));
            await Task.Delay(3000);
            var after = Rss(bridge);
            var lines = gateway.Log.Of<WheelStrat.Tws.Messages.Requests.ReqMktData>().Count;

            var table = string.Create(CultureInfo.InvariantCulture, $"""
                stream benchmark: {streams} concurrent GET /stream (2 stocks + orders + executions each), published bridge, loopback, {elapsed.TotalSeconds:0} s, one market order a second ({orders} orders)
                | measure | value |
                |---|---:|
                | {streams} streams opened (all 200) | {openTime.TotalMilliseconds:0} ms |
                | events delivered, all streams | {delivered} |
                | events per second, all streams | {delivered / elapsed.TotalSeconds:0} |
                | events per second per stream (min / median / max) | {Quantiles(counts, elapsed)} |
                | IB market-data requests for 8 instruments under {streams} streams | {lines} |
                | bridge RSS idle (before streams) | {idle / 1048576.0:0} MiB |
                | bridge RSS with {streams} streams (end / peak) | {during / 1048576.0:0} / {peak / 1048576.0:0} MiB |
                | bridge RSS 3 s after the streams closed | {after / 1048576.0:0} MiB |
                """);
            Console.WriteLine(table);
            await File.WriteAllTextAsync(output, table + "\n");
            Console.WriteLine($"written to {Path.GetFullPath(output)}");
            return 0;
        }
        finally
        {
            bridge.Kill(entireProcessTree: true);
            await bridge.WaitForExitAsync();
        }
    }

    private static string Quantiles(long[] counts, TimeSpan elapsed)
    {
        // Per-stream totals include the warm-up; the spread is what matters here.
        var sorted = counts.Order().ToArray();
        var total = elapsed.TotalSeconds + 2;
        return string.Create(CultureInfo.InvariantCulture, $"{sorted[0] / total:0.0} / {sorted[sorted.Length / 2] / total:0.0} / {sorted[^1] / total:0.0}");
    }

    private static long Rss(Process p)
    {
        p.Refresh();
        return p.WorkingSet64;
    }

    private static (Process Process, string Url) Start(string dir, int gatewayPort, string db, int streams)
    {
        var settings = new Dictionary<string, string>
        {
            ["Persistence__SqlitePath"] = db,
            ["Streaming__MaxStreamsPerKey"] = streams.ToString(CultureInfo.InvariantCulture),
        };
        var process = LoadDriver.StartBridge(dir, gatewayPort, settings, out var url);
        return (process, url);
    }

    private static async Task WaitHealthyAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var health = await http.GetAsync("/health");
                if (health.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("the bridge never became healthy");
    }
}
