using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using WheelStrat.EndToEnd.Support;
using WheelStrat.Simulator;
using WheelStrat.Simulator.Server;
using WheelStrat.Tws.Messages.Requests;

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
        await WarmUpAsync(sb, expiration);
        var contractLookupsBefore = AaplOptionContractLookups(sb);

        // Cold: the 50 lines go out at IB's message rate (about 1.1 s of it at 45/s) after a contract lookup per
        // expiration and right, never one per contract; then the settle time. The bridge is warm, the lines are not.
        var clock = Stopwatch.StartNew();
        var cold = await sb.JsonAsync(query);
        var coldElapsed = clock.Elapsed;
        Assert.True(coldElapsed < TimeSpan.FromSeconds(2), $"cold {coldElapsed}, {AaplOptionContractLookups(sb) - contractLookupsBefore} contract lookups, peak {sb.Gateway.PeakMessageRate} msg/s");
        Assert.Equal(8, cold.EnumerateArray().Count(i => !i.GetProperty("quote").GetProperty("complete").GetBoolean()));
        Assert.InRange(AaplOptionContractLookups(sb) - contractLookupsBefore, 1, 2);
        Assert.InRange(sb.Gateway.PeakMessageRate, 1, PaperGateway.MaxMessagesPerSecond);
        Assert.Equal(0, sb.Gateway.MessageRateDisconnects);

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

    /// <summary>
    /// Runs the quote path once in this process (another underlying, so AAPL's lines stay cold): what is
    /// measured is IB's round trips and rate, not the first call's JIT.
    /// </summary>
    private static async Task WarmUpAsync(SimulatedBridge sb, string expiration)
    {
        var strikes = (await sb.JsonAsync("/option-chain?symbol=MSFT")).GetProperty("strikes").EnumerateArray().Select(s => s.GetDouble()).Take(3);
        var instruments = strikes.SelectMany(k => new[] { "P", "C" }.Select(r => $"MSFT {expiration} {k.ToString(CultureInfo.InvariantCulture)} {r}"));
        await sb.JsonAsync("/quotes?instruments=" + Uri.EscapeDataString(string.Join(",", instruments)));
        // Let the warm-up's messages leave IB's one-second window before the measured burst.
        await Task.Delay(TimeSpan.FromSeconds(1.2));
    }

    private static int AaplOptionContractLookups(SimulatedBridge sb) =>
        sb.Gateway.Log.Of<ReqContractDetails>().Count(r => r.Contract.Symbol == "AAPL" && r.Contract.SecType == "OPT");

    private static async Task<string> NearestExpirationAsync(SimulatedBridge sb) =>
        (await sb.JsonAsync("/option-chain?symbol=AAPL")).GetProperty("expirations")[0].GetString()!;
}
