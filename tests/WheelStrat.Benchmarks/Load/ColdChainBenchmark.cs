using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using WheelStrat.Simulator;
using WheelStrat.Simulator.Server;
using WheelStrat.Tws.Messages.Requests;

namespace WheelStrat.Benchmarks.Load;

/// <summary>
/// Cold option-chain quotes through a published bridge (its own process) against the simulator: per
/// expiration, the 50 AAPL contracts of the no-bid chain spec (8 deep OTM puts without a bid), first cold
/// (no line, no contract known), then a warm refresh. The bridge's quote path is warmed on MSFT first, so
/// the first run measures IB's round trips and message rate, not JIT. Prints a markdown table.
///   dotnet run -c Release --project tests/WheelStrat.Benchmarks -- cold-chain PUBLISH_DIR [runs] [quote settle]
/// </summary>
public static class ColdChainBenchmark
{
    public static async Task<int> RunAsync(string bridgeDir, int runs, string settle)
    {
        await using var gateway = new PaperGateway(new SimulatorOptions { TickInterval = TimeSpan.FromMilliseconds(200) });
        gateway.Faults.NoBidBeyondOtmPct = 15;
        await gateway.StartAsync();
        var settings = new Dictionary<string, string> { ["MarketData__QuoteSettle"] = settle };
        using var bridge = LoadDriver.StartBridge(bridgeDir, gateway.Port, settings, out var url);
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add("X-API-KEY", LoadDriver.Key);
        await LoadDriver.WaitForHealthyAsync(http, url);

        var chain = await http.GetFromJsonAsync<JsonElement>("/option-chain?symbol=AAPL");
        var expirations = chain.GetProperty("expirations").EnumerateArray().Select(e => e.GetString()!).ToList();
        var strikes = chain.GetProperty("strikes").EnumerateArray().Select(s => s.GetDouble()).ToList();
        await WarmUpAsync(http, expirations[0]);

        Console.WriteLine($"cold chain: 50 AAPL quotes per expiration (8 without a bid), quote settle {settle}, {Environment.ProcessorCount} cores");
        Console.WriteLine("| run | expiration | cold ms | warm refresh ms | incomplete | contract lookups | cancelMktData (line cap) | peak msg/s at the simulator |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|");
        for (var run = 0; run < Math.Min(runs, expirations.Count); run++)
        {
            var expiration = expirations[run];
            var query = "/quotes?instruments=" + Uri.EscapeDataString(string.Join(",", Instruments(expiration, strikes)));
            var lookupsBefore = Lookups(gateway, expiration);
            var cancelsBefore = gateway.Log.Of<CancelMktData>().Count;
            var cold = await TimedAsync(http, query);
            var cancels = gateway.Log.Of<CancelMktData>().Count - cancelsBefore;
            var warm = await TimedAsync(http, query);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {run + 1} | {expiration} | {cold.Ms:0} | {warm.Ms:0} | {cold.Incomplete} | {Lookups(gateway, expiration) - lookupsBefore} | {cancels} | {gateway.PeakMessageRate} |"));
            // Let this run's messages leave IB's one-second window before the next.
            await Task.Delay(TimeSpan.FromSeconds(1.5));
        }

        Console.WriteLine($"rate disconnects: {gateway.MessageRateDisconnects}");
        bridge.Kill(entireProcessTree: true);
        return gateway.MessageRateDisconnects == 0 ? 0 : 1;
    }

    /// <summary>The no-bid chain spec's 50: puts struck 150 and below (no bid), puts from 182.5 up and calls 165..200.</summary>
    private static List<string> Instruments(string expiration, List<double> strikes)
    {
        var options = strikes.Where(k => k <= 150).Select(k => (k, "P"))
            .Concat(strikes.Where(k => k >= 182.5).Select(k => (k, "P")))
            .Concat(strikes.Where(k => k is >= 165 and <= 200).Select(k => (k, "C")));
        return [.. options.Select(o => string.Create(CultureInfo.InvariantCulture, $"AAPL {expiration} {o.k} {o.Item2}")).Take(50)];
    }

    private static async Task WarmUpAsync(HttpClient http, string expiration)
    {
        var msft = await http.GetFromJsonAsync<JsonElement>("/option-chain?symbol=MSFT");
        var instruments = msft.GetProperty("strikes").EnumerateArray().Take(3)
            .SelectMany(k => new[] { "P", "C" }.Select(r => string.Create(CultureInfo.InvariantCulture, $"MSFT {expiration} {k.GetDouble()} {r}")));
        await http.GetAsync("/quotes?instruments=" + Uri.EscapeDataString(string.Join(",", instruments)));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
    }

    private static async Task<(double Ms, int Incomplete)> TimedAsync(HttpClient http, string query)
    {
        var clock = Stopwatch.StartNew();
        var items = await http.GetFromJsonAsync<JsonElement>(query);
        var ms = clock.Elapsed.TotalMilliseconds;
        return (ms, items.EnumerateArray().Count(i => i.GetProperty("quote").ValueKind != JsonValueKind.Object || !i.GetProperty("quote").GetProperty("complete").GetBoolean()));
    }

    private static int Lookups(PaperGateway gateway, string expiration) =>
        gateway.Log.Of<ReqContractDetails>().Count(r => r.Contract.Symbol == "AAPL" && r.Contract.LastTradeDateOrContractMonth.StartsWith(expiration, StringComparison.Ordinal));
}
