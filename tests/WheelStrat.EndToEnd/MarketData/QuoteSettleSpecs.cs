using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using WheelStrat.EndToEnd.Support;
using WheelStrat.Simulator;

namespace WheelStrat.EndToEnd.MarketData;

/// <summary>A quote answers once IB has sent what it will send, saying what is missing; the long deadline is for a line that sent nothing.</summary>
public sealed class QuoteSettleSpecs
{
    // AAPL lists at 190: puts struck 150 and below are more than 20% out of the money.
    private const int NoBidBeyondOtmPct = 15;
    private static readonly Dictionary<string, string?> ShortSettle = new() { ["MarketData:QuoteSettle"] = "00:00:00.200" };

    [Fact]
    public async Task A_deep_OTM_option_without_a_bid_answers_in_under_two_seconds_saying_the_bid_is_missing()
    {
        await using var sb = await SimulatedBridge.StartAsync(settings: ShortSettle);
        sb.Gateway.Faults.NoBidBeyondOtmPct = NoBidBeyondOtmPct;
        var expiration = await NearestExpirationAsync(sb);

        var clock = Stopwatch.StartNew();
        var quote = await sb.JsonAsync($"/quote?symbol=AAPL&secType=OPT&expiration={expiration}&strike=140&right=P");
        var elapsed = clock.Elapsed;

        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"{elapsed}: {quote}");
        Assert.False(quote.GetProperty("complete").GetBoolean(), quote.ToString());
        var missing = quote.GetProperty("missing").EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.Contains("bid", missing);
        Assert.Contains("last", missing);
        Assert.DoesNotContain("ask", missing);
        Assert.Equal(JsonValueKind.Null, quote.GetProperty("bid").ValueKind);

        // The line is warm now: the next caller gets its state at once.
        clock.Restart();
        var again = await sb.JsonAsync($"/quote?symbol=AAPL&secType=OPT&expiration={expiration}&strike=140&right=P");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"{clock.Elapsed}: {again}");
        Assert.False(again.GetProperty("complete").GetBoolean());
    }

    [Fact]
    public async Task Fifty_quotes_of_a_chain_with_eight_no_bid_contracts_answer_in_under_two_seconds()
    {
        await using var sb = await SimulatedBridge.StartAsync(settings: ShortSettle);
        sb.Gateway.Faults.NoBidBeyondOtmPct = NoBidBeyondOtmPct;
        var expiration = await NearestExpirationAsync(sb);
        var strikes = (await sb.JsonAsync("/option-chain?symbol=AAPL")).GetProperty("strikes").EnumerateArray().Select(s => s.GetDouble()).ToList();
        var noBid = strikes.Where(k => k <= 150).Select(k => (k, "P"));
        // In the money or near it: quoted on both sides whatever the spot does meanwhile.
        var quoted = strikes.Where(k => k >= 182.5).Select(k => (k, "P")).Concat(strikes.Where(k => k is >= 165 and <= 200).Select(k => (k, "C")));
        var instruments = noBid.Concat(quoted).Select(o => $"AAPL {expiration} {o.k.ToString(CultureInfo.InvariantCulture)} {o.Item2}").ToList();
        Assert.Equal(50, instruments.Count);

        var query = "/quotes?instruments=" + Uri.EscapeDataString(string.Join(",", instruments));

        // Cold, 50 contract lookups and 50 lines go out at IB's message rate (about 2 s of it) before any tick:
        // bounded by that and the settle time, never by the quote wait.
        var clock = Stopwatch.StartNew();
        var cold = await sb.JsonAsync(query);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{clock.Elapsed}: {cold}");
        Assert.Equal(8, cold.EnumerateArray().Count(i => !i.GetProperty("quote").GetProperty("complete").GetBoolean()));

        // Every refresh after that: the lines are warm and answer from their state.
        clock.Restart();
        var batch = await sb.JsonAsync(query);
        var elapsed = clock.Elapsed;

        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"{elapsed}: {batch}");
        var items = batch.EnumerateArray().ToList();
        Assert.All(items, i => Assert.Equal(200, i.GetProperty("status").GetInt32()));
        var incomplete = items.Where(i => !i.GetProperty("quote").GetProperty("complete").GetBoolean()).ToList();
        Assert.Equal(8, incomplete.Count);
        Assert.All(incomplete, i => Assert.Contains("bid", i.GetProperty("quote").GetProperty("missing").EnumerateArray().Select(m => m.GetString())));
    }

    private static async Task<string> NearestExpirationAsync(SimulatedBridge sb) =>
        (await sb.JsonAsync("/option-chain?symbol=AAPL")).GetProperty("expirations")[0].GetString()!;
}
