using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WheelStrat.EndToEnd.Support;
using WheelStrat.Simulator;
using WheelStrat.Simulator.Market;
using WheelStrat.Simulator.Server;

namespace WheelStrat.EndToEnd.MarketData;

/// <summary>IB's 50 messages per second per client, and notices that must not become requests.</summary>
public sealed class MessageRateSpecs
{
    private const int GovernorRate = 45;

    [Fact]
    public async Task Five_hundred_distinct_quotes_at_once_keep_to_45_messages_a_second_without_a_disconnect()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        var instruments = DistinctInstruments(sb.Gateway, 500);

        // Ten batches of fifty at once: every stock and option series (expiration and right) is a
        // reqContractDetails, every quote a reqMktData, and the line cap adds a cancelMktData for each line it releases.
        var batches = instruments.Chunk(50).Select(b => sb.Http.GetAsync("/quotes?instruments=" + Uri.EscapeDataString(string.Join(",", b)))).ToList();

        // While the burst waits, /health and /admin/actors show the queues.
        var health = await sb.WaitForHealthAsync(h => h.GetProperty("outbound").GetProperty("otherQueued").GetInt32() > 0, "queued requests");
        Assert.Equal(GovernorRate, health.GetProperty("outbound").GetProperty("maxPerSecond").GetInt32());
        await SimulatedBridge.EventuallyAsync(() => GatewayActorState(sb).Contains("waiting for IB's message rate", StringComparison.Ordinal),
            "the gateway actor's queues in /admin/actors", lastSeen: () => GatewayActorState(sb));

        var answers = await Task.WhenAll(batches);
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));

        // Many seconds' worth at the rate reached the gateway (the rest waited past their deadlines: 504s).
        Assert.True(sb.Gateway.Log.Count > 5 * GovernorRate, $"only {sb.Gateway.Log.Count} requests reached the gateway; /health: {await sb.HealthAsync()}");
        // The governor sends at most 45 in any 1.1 s, a tenth of it per 100 ms. At the receiving end a stall on
        // the way (this machine is shared) can bunch one burst into the next second: IB's own limit, 50, holds
        // whatever, and over the whole burst the rate is the governor's.
        Assert.InRange(sb.Gateway.PeakMessageRate, 1, PaperGateway.MaxMessagesPerSecond);
        var arrivals = sb.Gateway.Log.Entries.Select(e => e.At).ToList();
        Assert.InRange(arrivals.Count / (arrivals.Max() - arrivals.Min()).TotalSeconds, 1, GovernorRate);
        Assert.Equal(0, sb.Gateway.MessageRateDisconnects);
        Assert.Empty(sb.Gateway.Ended);
        Assert.Single(sb.Gateway.ConnectedClients);
    }

    [Fact]
    public async Task A_gateway_that_repeats_10089_gets_at_most_two_requests_per_instrument()
    {
        await using var sb = await SimulatedBridge.StartAsync(new SimulatorOptions { LiveData = false, TickInterval = TimeSpan.FromMilliseconds(200) });
        sb.Gateway.Faults.RepeatDelayedDataNotice = true;
        var symbols = new[] { "AAPL", "MSFT", "NVDA" };

        var answers = await Task.WhenAll(symbols.Select(s => sb.Http.GetAsync($"/quote?symbol={s}")));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        // Give a notice loop time to show itself: it sends hundreds of requests a second.
        await Task.Delay(TimeSpan.FromSeconds(2));
        await sb.Http.GetAsync("/quote?symbol=AAPL");

        Assert.All(symbols, s => Assert.InRange(sb.Gateway.Log.MarketDataRequests(s), 1, 2));
        Assert.Empty(sb.Gateway.Ended);
    }

    private static string GatewayActorState(SimulatedBridge sb) =>
        sb.Http.GetFromJsonAsync<JsonElement>("/admin/actors").Result.GetProperty("actors").EnumerateArray()
            .Single(a => a.GetProperty("kind").GetString() == "gateway-connection").GetProperty("state").GetString()!;

        /// <summary>Every stock of the simulator's universe, then puts and calls across its chains until <paramref name="count"/>.</summary>
    private static List<string> DistinctInstruments(PaperGateway gateway, int count)
    {
        var universe = gateway.Market.Universe;
        var today = gateway.Market.Today;
        // Series first, strikes second: every expiration and right is a contract lookup of its own.
        var series = (
            from expiration in Universe.Expirations(today)
            from u in universe.Underlyings
            from right in new[] { "P", "C" }
            select (expiration, u, right)).ToList();
        var options =
            from i in Enumerable.Range(0, 5)
            from s in series
            select $"{s.u.Symbol} {s.expiration} {Universe.Strikes(s.u)[i].ToString(CultureInfo.InvariantCulture)} {s.right}";
        return [.. universe.Underlyings.Select(u => u.Symbol).Concat(options).Take(count)];
    }
}
