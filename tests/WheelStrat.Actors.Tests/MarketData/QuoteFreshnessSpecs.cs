using System.Collections.Immutable;
using WheelStrat.Actors.Gateway;
using WheelStrat.Actors.MarketData;

namespace WheelStrat.Actors.Tests.MarketData;

public sealed class QuoteFreshnessSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 15, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(1);
    private static readonly GatewayHealth Up = GatewayHealth.Initial with { Connected = true, Status = GatewayStatus.Ok };

    [Fact]
    public void A_line_that_ticked_recently_on_a_healthy_session_is_fresh() =>
        Assert.Null(QuoteFreshness.Assess(Up, isOption: false, Now.AddSeconds(-5), null, Now, StaleAfter));

    [Fact]
    public void A_line_whose_last_tick_is_older_than_the_setting_is_stale_since_that_tick()
    {
        var stale = QuoteFreshness.Assess(Up, isOption: false, Now.AddMinutes(-2), null, Now, StaleAfter);
        Assert.Equal(new Staleness("no tick for over 60s", Now.AddMinutes(-2)), stale);
    }

    [Theory]
    [InlineData("usfarm", false, true)]
    [InlineData("usfarm.nj", true, true)]
    [InlineData("usopt", true, true)]
    [InlineData("usopt", false, false)]
    [InlineData("eufarm", false, false)]
    [InlineData("cashfarm", true, false)]
    [InlineData("marketData", false, true)]
    [InlineData("newfarm", true, true)]
    public void A_broken_market_data_farm_makes_the_quotes_it_feeds_stale(string farm, bool isOption, bool stale)
    {
        var health = Up with { Farms = ImmutableDictionary<string, FarmState>.Empty.Add(farm, new FarmState(farm, "marketData", "broken", Now.AddSeconds(-30), 2103, DataFarms.IsUsed(farm))) };
        var assessed = QuoteFreshness.Assess(health, isOption, Now, null, Now, StaleAfter);
        Assert.Equal(stale, assessed is not null);
        Assert.Equal(stale ? $"market-data farm {farm} is broken (2103)" : null, assessed?.Reason);
    }

    [Fact]
    public void The_gateway_state_comes_before_the_lines_own()
    {
        var lost = Up with { IbConnectivityLost = true, IbConnectivityLostSince = Now.AddSeconds(-10) };
        Assert.Equal(new Staleness("IB Gateway has lost its connection to IB (1100)", Now.AddSeconds(-10)),
            QuoteFreshness.Assess(lost, isOption: false, Now.AddHours(-1), Now.AddMinutes(-1), Now, StaleAfter));

        var down = GatewayHealth.Initial with { LastDisconnectAt = Now.AddSeconds(-3) };
        Assert.Equal("not connected to IB Gateway", QuoteFreshness.Assess(down, isOption: true, Now, null, Now, StaleAfter)!.Reason);
    }

    [Fact]
    public void A_competing_session_notice_makes_the_line_stale_since_the_notice() =>
        Assert.Equal(new Staleness("no market data during a competing live session (10197)", Now.AddSeconds(-4)),
            QuoteFreshness.Assess(Up, isOption: false, Now.AddSeconds(-5), Now.AddSeconds(-4), Now, StaleAfter));
}
