using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using WheelStrat.EndToEnd.Support;
using WheelStrat.Simulator;
using WheelStrat.Simulator.Faults;
using WheelStrat.Simulator.Server;

namespace WheelStrat.EndToEnd.Soak;

/// <summary>
/// Load plus the simulator's faults on a seeded random schedule, against the bridge as its own process.
/// At the end: no request hung, no 5xx but 503/504, no idempotency key placed twice, every simulator
/// fill journaled exactly once, the bridge's RSS not growing, never over IB's message rate, and the bridge connected again.
/// WHEELSTRAT_SOAK_SECONDS sets the length (CI: 45 s).
/// </summary>
public sealed class FaultSoakSpecs(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly string[] Symbols = ["AAPL", "MSFT", "SPY", "QQQ", "NVDA"];

    /// <summary>The last third's peak RSS may exceed the middle third's by this factor (GC timing), no more.</summary>
    private const double RssGrowthAllowed = 1.25;

    /// <summary>Seconds: the route's deadline from the bridge's defaults (wait + contract lookup + Ask margin) plus 2 s.</summary>
    private static readonly Dictionary<string, double> Deadlines = new()
    {
        ["ping"] = 5, ["health"] = 5, ["executions"] = 7, ["quote"] = 19, ["option-chain"] = 30, ["history"] = 50, ["order"] = 32,
    };

    [Fact]
    public async Task Whatever_the_gateway_does_nothing_hangs_nothing_doubles_nothing_is_lost()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("WHEELSTRAT_SOAK_SECONDS"), out var s) ? s : 45;
        await using var gateway = new PaperGateway(new SimulatorOptions { TickInterval = TimeSpan.FromMilliseconds(200), PartialFillAbove = 3 });
        await gateway.StartAsync();
        var journal = await JournalDatabase.CreateAsync(JournalDatabase.Sqlite);
        using var bridge = BridgeProcess.Start(gateway.Port, new Dictionary<string, string>(journal.Environment)
        {
            ["Gateway__AwaitingLoginAfter"] = "00:00:02",
            ["Gateway__AwaitingLoginRetryInterval"] = "00:00:01",
            ["Gateway__BackoffMax"] = "00:00:01",
            ["Executions__SyncInterval"] = "00:00:05",
            ["History__PacingViolationWait"] = "00:00:01",
            ["Logging__LogLevel__Default"] = "Warning",
        });
        await bridge.WaitUntilConnectedAsync();
        var http = bridge.Http;
        var rss = new ConcurrentQueue<(double At, double MiB)>();
        var statuses = new ConcurrentDictionary<string, int>();
        var slowest = new ConcurrentDictionary<string, double>();
        var faults = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));

        var started = Stopwatch.StartNew();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                rss.Enqueue((started.Elapsed.TotalSeconds, bridge.RssMiB));
                await Task.Delay(500);
            }
        });
        var chaos = Task.Run(async () =>
        {
            var rnd = new Random(1234);
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(rnd.Next(1500, 3500));
                faults.Enqueue(await InjectAsync(gateway, rnd));
            }
        });
        var workers = Enumerable.Range(0, 12).Select(w => Task.Run(async () =>
        {
            var rnd = new Random(w);
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                var (route, send) = NextRequest(http, rnd, w, n++);
                var clock = Stopwatch.StartNew();
                string code;
                try
                {
                    using var response = await send();
                    code = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    if (response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is null)
                    {
                        code += " without Retry-After";
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    code = "no answer";
                }

                statuses.AddOrUpdate($"{route} {code}", 1, (_, c) => c + 1);
                slowest.AddOrUpdate(route, clock.Elapsed.TotalSeconds, (_, v) => Math.Max(v, clock.Elapsed.TotalSeconds));
            }
        })).ToList();
        await Task.WhenAll(workers);
        await chaos;
        await sampler;
        Heal(gateway);

        // RSS: after the first third (JIT, caches, pools warming up) it must level off, not climb.
        var samples = rss.ToList();
        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts"));
        var rssCsv = Path.Combine(artifacts.FullName, "soak-rss.csv");
        await File.WriteAllLinesAsync(rssCsv, ["seconds,rss_mb", .. samples.Select(r => FormattableString.Invariant($"{r.At:0.0},{r.MiB * 1.048576:0.0}"))]);
        var third = samples.Count / 3;
        var middle = samples.Skip(third).Take(third).Max(r => r.MiB);
        var last = samples.Skip(2 * third).Max(r => r.MiB);
        var report = $"faults: {string.Join(", ", faults.GroupBy(f => f).Select(g => $"{g.Key}×{g.Count()}"))}\n"
            + $"statuses: {string.Join(", ", statuses.OrderBy(k => k.Key).Select(k => $"{k.Key}: {k.Value}"))}\n"
            + $"slowest (s): {string.Join(", ", slowest.Select(k => $"{k.Key} {k.Value:0.0}"))}\n"
            + $"RSS MiB: first {samples[0].MiB:0}, peak of the middle third {middle:0}, peak of the last third {last:0}, overall peak {samples.Max(r => r.MiB):0} (samples: {rssCsv})";
        output.WriteLine(report);
        Assert.DoesNotContain(statuses.Keys, k => k.EndsWith(" no answer", StringComparison.Ordinal));
        Assert.DoesNotContain(statuses.Keys, k => k.EndsWith(" 500", StringComparison.Ordinal) || k.EndsWith(" 502", StringComparison.Ordinal));
        Assert.DoesNotContain(statuses.Keys, k => k.EndsWith(" without Retry-After", StringComparison.Ordinal));
        // Retries repeat their body exactly: a 409 would mean the bridge saw two different orders under one key.
        Assert.DoesNotContain("order 409", statuses.Keys);
        // Each route answered within its own deadline (the bridge's settings plus a little slack).
        Assert.All(slowest, kv => Assert.True(kv.Value < Deadlines[kv.Key], $"{kv.Key} took {kv.Value:0.0} s, over its {Deadlines[kv.Key]} s\n{report}"));

        Assert.True(last <= middle * RssGrowthAllowed, $"RSS grew from {middle:0} to {last:0} MiB\n{report}");

        // A reused execId is a conflict for a person to review: acknowledge what the injected faults caused.
        var conflicts = (await http.GetFromJsonAsync<JsonElement>("/executions/conflicts")).EnumerateArray().Select(c => c.GetProperty("execId").GetString()).Distinct().ToList();
        Assert.True(conflicts.Count <= faults.Count(f => f == "reuse-exec-id"), $"conflicts without a reused execId: {string.Join(", ", conflicts)}\n{report}");
        foreach (var execId in conflicts)
        {
            (await http.PostAsync($"/executions/conflicts/{execId}/acknowledge", null)).Dispose();
        }

        // The simulator enforces IB's 50 messages a second: whatever the faults, the bridge never crossed it.
        Assert.True(gateway.MessageRateDisconnects == 0, $"closed {gateway.MessageRateDisconnects} times for exceeding the message rate (peak {gateway.PeakMessageRate}/s)\n{report}");

        await SimulatedBridge.EventuallyAsync(() => Status(http) == "ok", "the bridge connected again", TimeSpan.FromSeconds(60), () => Status(http) ?? "");
        foreach (var key in gateway.Log.Entries.Select(e => e.Request).OfType<WheelStrat.Tws.Messages.Requests.PlaceOrder>()
                     .Where(p => !p.Order.WhatIf).Select(p => p.Order.OrderRef).Distinct())
        {
            var placed = gateway.Log.Entries.Where(e => e.Request is WheelStrat.Tws.Messages.Requests.PlaceOrder p && p.Order.OrderRef == key).ToList();
            Assert.True(placed.Count == 1, $"{key} placed more than once: {string.Join("; ", placed.Select(e => $"#{e.Sequence} session {e.SessionId} client {e.ClientId} id {((WheelStrat.Tws.Messages.Requests.PlaceOrder)e.Request).OrderId} at {e.At:HH:mm:ss.fff}"))}\n{report}");
        }

        // Every fill the exchange made is in the journal exactly once (read page by page: there can be thousands).
        await SimulatedBridge.EventuallyAsync(() =>
        {
            http.PostAsync("/executions/sync", null).Wait();
            var journaled = AllTrades(http);
            return journaled.Count == journaled.Distinct().Count() && gateway.Fills.All(f => journaled.Count(id => id == f.Execution.ExecId) == 1);
        }, $"every fill journaled exactly once\n{report}", TimeSpan.FromSeconds(60));
        Assert.NotEmpty(gateway.Fills);

        // Fills are the truth: whatever path they came by (a status, an execution, a lookup after a drop), every
        // order shows what the exchange filled. An execId the simulator reused belongs to two orders; skip those.
        var fills = gateway.Fills;
        var reused = fills.GroupBy(f => f.Execution.ExecId).Where(g => g.Count() > 1).SelectMany(g => g).Select(f => f.Execution.OrderRef).ToHashSet();
        var filledAtIb = fills.Where(f => !reused.Contains(f.Execution.OrderRef))
            .GroupBy(f => f.Execution.OrderRef).ToDictionary(g => g.Key, g => g.Sum(f => f.Execution.Shares ?? 0));
        var mismatches = new List<string>();
        await SimulatedBridge.EventuallyAsync(() =>
        {
            mismatches = [.. filledAtIb.Select(kv => (kv.Key, kv.Value, Bridge: http.GetFromJsonAsync<JsonElement>($"/orders/{kv.Key}").Result))
                .Where(o => o.Bridge.GetProperty("filled").GetDecimal() != o.Value)
                .Select(o => $"{o.Key}: IB filled {o.Value}, bridge says {o.Bridge.GetProperty("status").GetString()} {o.Bridge.GetProperty("filled").GetDecimal()}")];
            return mismatches.Count == 0;
        }, $"every order shows what IB filled\n{report}", TimeSpan.FromSeconds(60), () => string.Join("; ", mismatches));
    }

    /// <summary>/health's status (its HTTP code is 503 whenever that is not "ok").</summary>
    private static string? Status(HttpClient http)
    {
        using var response = http.GetAsync("/health").Result;
        return JsonDocument.Parse(response.Content.ReadAsStringAsync().Result).RootElement.GetProperty("status").GetString();
    }

    private static List<string?> AllTrades(HttpClient http)
    {
        var ids = new List<string?>();
        long? after = null;
        do
        {
            var page = http.GetFromJsonAsync<JsonElement>($"/executions?limit=5000{(after is null ? "" : $"&after={after}")}").Result;
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("execId").GetString()));
            after = page.GetProperty("next").ValueKind == JsonValueKind.Number ? page.GetProperty("next").GetInt64() : null;
        }
        while (after is not null);
        return ids;
    }

    private static (string Route, Func<Task<HttpResponseMessage>> Send) NextRequest(HttpClient http, Random rnd, int worker, int n)
    {
        var symbol = Symbols[rnd.Next(Symbols.Length)];
        return rnd.Next(8) switch
        {
            0 => ("ping", () => http.GetAsync("/ping")),
            1 => ("health", () => http.GetAsync("/health")),
            2 => ("quote", () => http.GetAsync($"/quote?symbol={symbol}")),
            3 => ("option-chain", () => http.GetAsync($"/option-chain?symbol={symbol}")),
            4 => ("history", () => http.GetAsync($"/history?symbol={symbol}&duration={1 + rnd.Next(3)}%20D&barSize=1%20hour")),
            5 => ("executions", () => http.GetAsync("/executions?limit=100")),
            _ => ("order", () =>
            {
                // Each key is sent three times with the same body (retries), some market, some resting limit orders.
                var key = $"soak-{worker}-{n / 3}";
                var orderSymbol = Symbols[(worker + (n / 3)) % Symbols.Length];
                var body = (n / 3) % 2 == 0
                    ? $$"""{"symbol":"{{orderSymbol}}","action":"BUY","quantity":{{1 + (n / 3 % 5)}},"orderType":"MKT"}"""
                    : $$"""{"symbol":"{{orderSymbol}}","action":"BUY","quantity":1,"orderType":"LMT","limitPrice":100}""";
                var request = new HttpRequestMessage(HttpMethod.Post, "/order") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.Add("Idempotency-Key", key);
                return http.SendAsync(request);
            }),
        };
    }

    private static async Task<string> InjectAsync(PaperGateway g, Random rnd)
    {
        Heal(g);
        switch (rnd.Next(22))
        {
            case 0: g.DropConnections(); return "drop";
            case 1: g.DailyRestart(TimeSpan.FromSeconds(2)); return "daily-restart";
            case 2: g.Faults.RefuseUntil(DateTimeOffset.UtcNow.AddSeconds(4)); g.DropConnections(); return "long-refusal";
            case 3: g.Faults.Stalled = true; await Task.Delay(2500); g.Faults.Stalled = false; return "stall";
            case 4: g.Faults.HalfAnswering = true; await Task.Delay(2500); g.Faults.HalfAnswering = false; return "half-answering";
            case 5: g.SendConnectivityLost(); await Task.Delay(1000); g.SendRestoredDataLost(); return "1100/1101";
            case 6: g.SendConnectivityLost(); await Task.Delay(1000); g.SendRestoredDataMaintained(); return "1100/1102";
            case 7: g.MarketDataFarmBlip(); return "farm-blip";
            case 8: g.StartCompetingSession(); g.StartCompetingSession(); await Task.Delay(1500); g.EndCompetingSession(); return "10197-burst";
            case 9: g.Faults.ClientIdInUse(1); g.DropConnections(); return "client-id-in-use";
            case 10: g.Faults.PacingViolation(2); return "pacing";
            case 11: return SendMalformedFrames(g, rnd);
            case 12: g.Faults.SlowRepliesMs = 150; await Task.Delay(2000); g.Faults.SlowRepliesMs = 0; return "slow-replies";
            case 13: g.Faults.RejectForMargin(2); return "margin-reject";
            case 14: g.Faults.FillWhileDisconnectedAfterNextPlaceOrder(TimeSpan.FromSeconds(2)); return "fill-while-disconnected";
            case 15: g.Faults.OmitOrderStatusOnFills = true; await Task.Delay(2500); g.Faults.OmitOrderStatusOnFills = false; return "fills-without-status";
            case 16: g.Faults.ReuseExecIdOnNextFill(); return "reuse-exec-id";
            case 17: g.HoldFarmDown(DataFarm.UsFarm); await Task.Delay(2500); g.RestoreFarm(DataFarm.UsFarm); return "usfarm-down";
            case 18: g.HoldFarmDown(DataFarm.UsOpt); await Task.Delay(2500); g.RestoreFarm(DataFarm.UsOpt); return "usopt-down";
            case 19: g.HoldFarmDown(DataFarm.UsHmds); await Task.Delay(2500); g.RestoreFarm(DataFarm.UsHmds); return "ushmds-down";
            case 20: g.Faults.RepeatDelayedDataNotice = true; await Task.Delay(2500); g.Faults.RepeatDelayedDataNotice = false; return "repeat-10089";
            default: g.Faults.DropAfterNextPlaceOrder(); return "drop-after-place-order";
        }
    }

    /// <summary>Any kind of broken frame; the ones inside an intact frame come as a repeating run, as a bad gateway sends them.</summary>
    private static string SendMalformedFrames(PaperGateway g, Random rnd)
    {
        var kinds = Enum.GetValues<MalformedFrame>();
        var kind = kinds[rnd.Next(kinds.Length)];
        g.SendMalformedFrame(kind, count: kind == MalformedFrame.OversizedLength ? 1 : 5);
        return $"malformed-frame {kind}";
    }

    private static void Heal(PaperGateway g)
    {
        g.Faults.Stalled = false;
        g.Faults.HalfAnswering = false;
        g.Faults.SlowRepliesMs = 0;
        g.Faults.OmitOrderStatusOnFills = false;
        g.EndCompetingSession();
        foreach (var farm in DataFarm.All)
        {
            g.RestoreFarm(farm);
        }
        g.Faults.RepeatDelayedDataNotice = false;
    }
}
