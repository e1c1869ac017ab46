using WheelStrat.Actors.Gateway;

namespace WheelStrat.Actors.Tests.Gateway;

public sealed class WarningThrottleSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 14, 30, 0, TimeSpan.Zero);

    [Fact]
    public void One_warning_per_key_per_period_and_the_next_one_counts_what_went_to_debug()
    {
        var throttle = new WarningThrottle(TimeSpan.FromMinutes(1));

        Assert.True(throttle.ShouldWarn(1, T0, out var first));
        Assert.Equal(0, first);
        Assert.False(throttle.ShouldWarn(1, T0.AddSeconds(1), out _));
        Assert.False(throttle.ShouldWarn(1, T0.AddSeconds(59), out _));
        Assert.True(throttle.ShouldWarn(-1, T0.AddSeconds(2), out _));   // another message id has its own budget

        Assert.True(throttle.ShouldWarn(1, T0.AddSeconds(61), out var suppressed));
        Assert.Equal(2, suppressed);
    }

    [Fact]
    public void Endless_new_keys_do_not_grow_it_without_bound()
    {
        var throttle = new WarningThrottle(TimeSpan.FromMinutes(1));
        for (var key = 0; key < 10_000; key++)
        {
            Assert.True(throttle.ShouldWarn(key, T0, out _));
        }

        // Forgetting old keys costs at most an early warning, never a lost one.
        Assert.True(throttle.ShouldWarn(0, T0.AddSeconds(1), out _));
    }
}
