using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WheelStrat.EndToEnd.Support;
using WheelStrat.Simulator;
using WheelStrat.Tws.Messages.Requests;

namespace WheelStrat.EndToEnd.MarketData;

/// <summary>Quotes, chains and history through the real bridge against the simulator.</summary>
public sealed class MarketDataSpecs
{
    [Fact]
    public async Task Stock_quote()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        var quote = await Json(sb, "/quote?symbol=AAPL");
        Assert.True(quote.GetProperty("complete").GetBoolean());
        Assert.True(quote.GetProperty("bid").GetDouble() > 0 && quote.GetProperty("ask").GetDouble() >= quote.GetProperty("bid").GetDouble());
        Assert.Equal("live", quote.GetProperty("marketDataType").GetString());
        Assert.Equal(265598, quote.GetProperty("conId").GetInt32());
    }

    [Fact]
    public async Task Chain_then_option_quote_with_greeks_then_its_history()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        var chain = await Json(sb, "/option-chain?symbol=AMZN");
        Assert.Equal("100", chain.GetProperty("multiplier").GetString());
        var expiration = chain.GetProperty("expirations")[1].GetString();
        Assert.Contains(200.0, chain.GetProperty("strikes").EnumerateArray().Select(s => s.GetDouble()));

        var option = $"symbol=AMZN&secType=OPT&expiration={expiration}&strike=200&right=P";
        var quote = await Json(sb, "/quote?" + option);
        Assert.True(quote.GetProperty("complete").GetBoolean());
        var greeks = quote.GetProperty("greeks");
        Assert.InRange(greeks.GetProperty("delta").GetDouble(), -1, 0);
        Assert.Equal("model", greeks.GetProperty("source").GetString());
        Assert.True(quote.GetProperty("openInterest").GetDecimal() > 0);

        // The old bridge's verified use case: 1-hour MIDPOINT bars of an AMZN put, in UTC.
        var history = await Json(sb, "/history?" + option + "&duration=5%20D&barSize=1%20hour&whatToShow=MIDPOINT");
        var bars = history.GetProperty("bars").EnumerateArray().ToList();
        Assert.NotEmpty(bars);
        Assert.All(bars, b => Assert.EndsWith("+00:00", b.GetProperty("time").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Thirty_concurrent_callers_of_one_instrument_make_one_request_at_the_gateway()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => sb.Http.GetAsync("/quote?symbol=NVDA")));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(1, sb.Gateway.Log.MarketDataRequests("NVDA"));
    }

    [Fact]
    public async Task Fifty_instruments_in_one_batch()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        var chain = await Json(sb, "/option-chain?symbol=AAPL");
        var expiration = chain.GetProperty("expirations")[0].GetString();
        var strikes = chain.GetProperty("strikes").EnumerateArray().Select(s => s.GetDouble()).Take(42).ToList();
        var instruments = new[] { "AAPL", "AMZN", "MSFT", "META", "NVDA", "TSLA", "SPY", "QQQ" }
            .Concat(strikes.Select(k => $"AAPL {expiration} {k.ToString(System.Globalization.CultureInfo.InvariantCulture)} P"))
            .ToList();
        Assert.Equal(50, instruments.Count);

        var batch = await Json(sb, "/quotes?instruments=" + Uri.EscapeDataString(string.Join(",", instruments)));
        var items = batch.EnumerateArray().ToList();
        Assert.Equal(50, items.Count);
        Assert.All(items, i => Assert.Equal(200, i.GetProperty("status").GetInt32()));
    }

    [Fact]
    public async Task Without_a_live_subscription_the_quote_is_delayed_and_says_so()
    {
        await using var sb = await SimulatedBridge.StartAsync(new SimulatorOptions { LiveData = false, TickInterval = TimeSpan.FromMilliseconds(200) });
        var quote = await Json(sb, "/quote?symbol=MSFT");
        Assert.Equal("delayed", quote.GetProperty("marketDataType").GetString());
        Assert.True(quote.GetProperty("bid").GetDouble() > 0);
        Assert.Contains(quote.GetProperty("notices").EnumerateArray(), n => n.GetString()!.Contains("10089", StringComparison.Ordinal));
    }

    [Fact]
    public async Task After_1101_and_after_a_drop_the_lines_flow_again_without_any_caller()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        await Json(sb, "/quote?symbol=AAPL");
        Assert.Equal(1, sb.Gateway.Log.MarketDataRequests("AAPL"));

        sb.Gateway.SendRestoredDataLost();
        await SimulatedBridge.EventuallyAsync(() => sb.Gateway.Log.MarketDataRequests("AAPL") == 2, "resubscribed after 1101");

        sb.Gateway.DropConnections();
        await SimulatedBridge.EventuallyAsync(() => sb.Gateway.Log.MarketDataRequests("AAPL") == 3, "resubscribed after reconnect");
        await Task.Delay(500);
        Assert.Equal(3, sb.Gateway.Log.MarketDataRequests("AAPL"));
    }

    [Fact]
    public async Task The_line_cap_releases_the_least_recently_used_line()
    {
        await using var sb = await SimulatedBridge.StartAsync(settings: new Dictionary<string, string?> { ["MarketData:MaxLines"] = "2" });
        await Json(sb, "/quote?symbol=AAPL");
        await Json(sb, "/quote?symbol=MSFT");
        await Json(sb, "/quote?symbol=AAPL");
        await Json(sb, "/quote?symbol=TSLA");

        await SimulatedBridge.EventuallyAsync(() => sb.Gateway.Log.Of<CancelMktData>().Count == 1, "one line cancelled");
        var msftReqId = sb.Gateway.Log.Of<ReqMktData>().Single(r => r.Contract.Symbol == "MSFT").ReqId;
        Assert.Equal(msftReqId, sb.Gateway.Log.Of<CancelMktData>().Single().ReqId);
    }

    [Fact]
    public async Task Twenty_identical_history_requests_are_one_IB_request()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => sb.Http.GetAsync("/history?symbol=QQQ&duration=2%20D&barSize=1%20hour")));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Single(sb.Gateway.Log.Of<ReqHistoricalData>());
    }

    [Fact]
    public async Task A_burst_that_would_break_pacing_is_spaced_out_and_an_injected_162_is_retried()
    {
        await using var sb = await SimulatedBridge.StartAsync(settings: new Dictionary<string, string?> { ["History:PacingViolationWait"] = "00:00:01" });
        // Eight different queries on one contract: IB allows five in two seconds.
        var durations = new[] { "1 D", "2 D", "3 D", "4 D", "5 D", "6 D", "7 D", "8 D" };
        var answers = await Task.WhenAll(durations.Select(d => sb.Http.GetAsync($"/history?symbol=SPY&barSize=1%20hour&duration={Uri.EscapeDataString(d)}")));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(0, sb.Gateway.PacingViolations);

        sb.Gateway.Faults.PacingViolation();
        var retried = await sb.Http.GetAsync("/history?symbol=META&duration=1%20D&barSize=5%20mins");
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(2, sb.Gateway.Log.Of<ReqHistoricalData>().Count(h => h.Contract.Symbol == "META"));
    }

    [Theory]
    [InlineData("/quote", "symbol")]
    [InlineData("/quote?symbol=AAPL&secType=OPT&expiration=20261218&strike=0&right=P", "strike")]
    [InlineData("/quote?symbol=AAPL&secType=OPT&expiration=2026-13-45&strike=180&right=P", "expiration")]
    [InlineData("/quote?symbol=AAPL&secType=OPT&expiration=20261218&strike=180&right=X", "right")]
    [InlineData("/history?symbol=AAPL&barSize=7%20mins", "barSize")]
    [InlineData("/option-chain?symbol=", "symbol")]
    public async Task Bad_inputs_are_400_naming_the_field_and_never_reach_IB(string path, string field)
    {
        await using var sb = await SimulatedBridge.StartAsync();
        var response = await sb.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        // What these routes would send; the bridge's own startup requests (positions, account, sync) may land at any time.
        Assert.DoesNotContain(sb.Gateway.Log.Entries, e => e.Request is ReqContractDetails or ReqMktData or ReqSecDefOptParams or ReqHistoricalData);
    }

    [Fact]
    public async Task Fifty_one_instruments_are_refused()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        var response = await sb.Http.GetAsync("/quotes?instruments=" + string.Join(",", Enumerable.Range(0, 51).Select(i => $"S{i}")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("instruments", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static Task<JsonElement> Json(SimulatedBridge sb, string path) => sb.JsonAsync(path);
}
