using WheelStrat.Actors.Gateway;

namespace WheelStrat.Actors.Tests.Gateway;

public sealed class DecodeErrorRateSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 14, 30, 0, TimeSpan.Zero);

    [Fact]
    public void The_threshold_within_the_window_is_too_many_and_the_same_number_spread_wider_is_not()
    {
        var rate = new DecodeErrorRate(3, TimeSpan.FromMinutes(1));
        Assert.False(rate.Record(T0));
        Assert.False(rate.Record(T0.AddSeconds(30)));
        Assert.False(rate.Record(T0.AddSeconds(61)));   // three, but over 61 s
        Assert.True(rate.Record(T0.AddSeconds(62)));    // the last three span 32 s

        rate.Reset();
        Assert.False(rate.Record(T0.AddSeconds(63)));
    }
}
