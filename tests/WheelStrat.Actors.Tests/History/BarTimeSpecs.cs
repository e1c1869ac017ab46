using WheelStrat.Actors.Time;

namespace WheelStrat.Actors.Tests.History;

/// <summary>Every bar time comes out as an unambiguous UTC instant.</summary>
public sealed class BarTimeSpecs
{
    [Fact]
    public void Intraday_bars_in_epoch_seconds_are_utc_instants()
    {
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 14, 30, 0, TimeSpan.Zero), IbTime.ToUtc("1773066600", "US/Eastern"));
    }

    [Theory]
    [InlineData("20260306", "2026-03-06T05:00:00Z")] // Friday before the change: EST, UTC-5
    [InlineData("20260309", "2026-03-09T04:00:00Z")] // Monday after the change: EDT, UTC-4
    [InlineData("20261102", "2026-11-02T05:00:00Z")] // back to EST
    public void Daily_bars_are_midnight_of_the_trading_date_in_the_exchange_zone(string ibDate, string utc)
    {
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), IbTime.ToUtc(ibDate, "US/Eastern"));
    }

    [Fact]
    public void Local_times_with_a_zone_suffix_respect_daylight_saving()
    {
        Assert.Equal(new DateTimeOffset(2026, 3, 6, 14, 30, 0, TimeSpan.Zero), IbTime.ToUtc("20260306 09:30:00 US/Eastern", ""));
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 13, 30, 0, TimeSpan.Zero), IbTime.ToUtc("20260309 09:30:00 US/Eastern", ""));
    }
}
