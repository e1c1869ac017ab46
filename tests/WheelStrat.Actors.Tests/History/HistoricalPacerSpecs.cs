using WheelStrat.Actors.History;

namespace WheelStrat.Actors.Tests.History;

public sealed class HistoricalPacerSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_identical_request_waits_15_seconds()
    {
        var pacer = new HistoricalPacer();
        pacer.Sent("q1", "AAPL|SMART|MIDPOINT", T0);

        // 15 s by IB's rule, plus a second of margin for latency.
        Assert.Equal(TimeSpan.FromSeconds(16), pacer.WaitBefore("q1", "AAPL|SMART|MIDPOINT", T0));
        Assert.Equal(TimeSpan.FromSeconds(6), pacer.WaitBefore("q1", "AAPL|SMART|MIDPOINT", T0.AddSeconds(10)));
        Assert.Equal(TimeSpan.Zero, pacer.WaitBefore("q2", "AAPL|SMART|MIDPOINT", T0));
    }

    [Fact]
    public void A_sixth_request_for_one_contract_within_two_seconds_waits()
    {
        var pacer = new HistoricalPacer();
        for (var i = 0; i < 5; i++)
        {
            pacer.Sent($"q{i}", "AAPL|SMART|TRADES", T0.AddMilliseconds(100 * i));
        }

        // 2 s by IB's rule, plus half a second of margin.
        Assert.Equal(TimeSpan.FromMilliseconds(2000), pacer.WaitBefore("q5", "AAPL|SMART|TRADES", T0.AddMilliseconds(500)));
        Assert.Equal(TimeSpan.Zero, pacer.WaitBefore("q5", "MSFT|SMART|TRADES", T0.AddMilliseconds(500)));
    }

    [Fact]
    public void The_sixty_first_request_in_ten_minutes_waits_for_the_oldest_to_age_out()
    {
        var pacer = new HistoricalPacer();
        for (var i = 0; i < 60; i++)
        {
            pacer.Sent($"q{i}", $"C{i}|SMART|MIDPOINT", T0.AddSeconds(i));
        }

        var now = T0.AddSeconds(60);
        Assert.Equal(TimeSpan.FromSeconds(550), pacer.WaitBefore("q60", "C60|SMART|MIDPOINT", now));
        Assert.Equal(TimeSpan.Zero, pacer.WaitBefore("q60", "C60|SMART|MIDPOINT", T0.AddMinutes(10).AddSeconds(10)));
    }
}
