using System.Text.Json;
using WheelStrat.EndToEnd.Support;
using WheelStrat.Simulator;
using WheelStrat.Simulator.Faults;

namespace WheelStrat.EndToEnd.MarketData;

/// <summary>A quote says when it may be old: a farm outage, a lost IB connection, a silent line, a competing session.</summary>
public sealed class StaleQuoteSpecs
{
    [Fact]
    public async Task During_a_market_data_farm_outage_quotes_are_stale_and_health_degraded_naming_the_farm_until_it_returns()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        Assert.False((await sb.JsonAsync("/quote?symbol=AAPL")).GetProperty("stale").GetBoolean());

        sb.Gateway.HoldFarmDown(DataFarm.UsFarm);
        var degraded = await sb.WaitForStatusAsync("degraded");
        Assert.Contains(degraded.GetProperty("degradedReasons").EnumerateArray(), r => r.GetString()!.Contains("usfarm", StringComparison.Ordinal));
        Assert.True(degraded.TryGetProperty("degradedSince", out var since) && since.ValueKind == JsonValueKind.String, degraded.ToString());
        Assert.Equal("broken", degraded.GetProperty("farms").GetProperty("usfarm").GetProperty("state").GetString());

        var stale = await sb.JsonAsync("/quote?symbol=AAPL");
        Assert.True(stale.GetProperty("stale").GetBoolean(), stale.ToString());
        Assert.Contains("usfarm", stale.GetProperty("staleReason").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.String, stale.GetProperty("staleSince").ValueKind);

        sb.Gateway.RestoreFarm(DataFarm.UsFarm);
        var ok = await sb.WaitForStatusAsync("ok");
        Assert.Equal(JsonValueKind.Null, ok.GetProperty("degradedSince").ValueKind);
        await EventuallyFreshAsync(sb, "/quote?symbol=AAPL");
    }

    [Fact]
    public async Task An_options_farm_outage_makes_option_quotes_stale_and_leaves_stock_quotes_fresh()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        var expiration = (await sb.JsonAsync("/option-chain?symbol=AMZN")).GetProperty("expirations")[1].GetString();
        var option = $"/quote?symbol=AMZN&secType=OPT&expiration={expiration}&strike=200&right=P";
        await sb.JsonAsync(option);

        sb.Gateway.HoldFarmDown(DataFarm.UsOpt);
        await sb.WaitForHealthAsync(h => h.GetProperty("farms").TryGetProperty("usopt", out var f) && f.GetProperty("state").GetString() == "broken", "usopt broken");
        var stale = await sb.JsonAsync(option);
        Assert.True(stale.GetProperty("stale").GetBoolean(), stale.ToString());
        Assert.Contains("usopt", stale.GetProperty("staleReason").GetString(), StringComparison.Ordinal);
        Assert.False((await sb.JsonAsync("/quote?symbol=AMZN")).GetProperty("stale").GetBoolean());

        sb.Gateway.RestoreFarm(DataFarm.UsOpt);
        await EventuallyFreshAsync(sb, option);
    }

    [Fact]
    public async Task While_the_gateway_has_lost_IB_quotes_are_stale()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        await sb.JsonAsync("/quote?symbol=MSFT");

        sb.Gateway.SendConnectivityLost();
        await sb.WaitForStatusAsync("degraded");
        var stale = await sb.JsonAsync("/quote?symbol=MSFT");
        Assert.True(stale.GetProperty("stale").GetBoolean(), stale.ToString());
        Assert.Contains("1100", stale.GetProperty("staleReason").GetString(), StringComparison.Ordinal);

        sb.Gateway.SendRestoredDataMaintained();
        await sb.WaitForStatusAsync("ok");
        await EventuallyFreshAsync(sb, "/quote?symbol=MSFT");
    }

    [Fact]
    public async Task A_line_whose_last_tick_is_older_than_the_setting_is_stale()
    {
        // One tick burst at subscription, then nothing: the simulator's market moves once an hour.
        await using var sb = await SimulatedBridge.StartAsync(
            new SimulatorOptions { TickInterval = TimeSpan.FromHours(1) },
            new Dictionary<string, string?> { ["MarketData:StaleAfter"] = "00:00:01" });
        Assert.False((await sb.JsonAsync("/quote?symbol=NVDA")).GetProperty("stale").GetBoolean());

        await SimulatedBridge.EventuallyAsync(
            async () => await sb.JsonAsync("/quote?symbol=NVDA") is var q && q.GetProperty("stale").GetBoolean()
                && q.GetProperty("staleReason").GetString()!.Contains("no tick", StringComparison.Ordinal),
            "NVDA stale for want of ticks");
    }

    [Fact]
    public async Task A_competing_session_makes_quotes_stale_and_its_notice_clears_when_ticks_resume()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        await sb.JsonAsync("/quote?symbol=SPY");

        sb.Gateway.StartCompetingSession();
        var degraded = await sb.WaitForStatusAsync("degraded");
        Assert.Contains(degraded.GetProperty("degradedReasons").EnumerateArray(), r => r.GetString()!.Contains("10197", StringComparison.Ordinal));
        await SimulatedBridge.EventuallyAsync(
            async () => (await sb.JsonAsync("/quote?symbol=SPY")).GetProperty("staleReason").GetString() is { } r && r.Contains("10197", StringComparison.Ordinal),
            "SPY stale for the competing session");

        sb.Gateway.EndCompetingSession();
        var ok = await sb.WaitForStatusAsync("ok");
        Assert.False(ok.GetProperty("competingSession").GetBoolean());
        var fresh = await EventuallyFreshAsync(sb, "/quote?symbol=SPY");
        Assert.DoesNotContain(fresh.GetProperty("notices").EnumerateArray(), n => n.GetString()!.Contains("10197", StringComparison.Ordinal));
    }

    private static async Task<JsonElement> EventuallyFreshAsync(SimulatedBridge sb, string path)
    {
        var quote = default(JsonElement);
        await SimulatedBridge.EventuallyAsync(
            async () => !(quote = await sb.JsonAsync(path)).GetProperty("stale").GetBoolean(),
            $"{path} fresh again",
            lastSeen: () => quote.ToString());
        return quote;
    }
}
