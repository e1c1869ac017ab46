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

    [Fact]
    public void Bulk_requests_never_take_the_share_reserved_for_interactive_ones()
    {
        var pacer = new HistoricalPacer(60, reservedForInteractive: 30);
        for (var i = 0; i < 30; i++)
        {
            pacer.Sent($"job{i}", $"O{i}|SMART|MIDPOINT", T0.AddSeconds(i), bulk: true);
        }

        var now = T0.AddSeconds(30);
        Assert.Equal(TimeSpan.FromSeconds(580), pacer.WaitBefore("job30", "O30|SMART|MIDPOINT", now, bulk: true));
        Assert.Equal(TimeSpan.Zero, pacer.WaitBefore("q0", "SPY|SMART|MIDPOINT", now));
    }

    [Fact]
    public void Interactive_requests_may_use_the_whole_window_and_then_bulk_ones_wait_for_it_too()
    {
        var pacer = new HistoricalPacer(60, reservedForInteractive: 30);
        for (var i = 0; i < 60; i++)
        {
            pacer.Sent($"q{i}", $"C{i}|SMART|MIDPOINT", T0.AddSeconds(i));
        }

        var now = T0.AddSeconds(60);
        Assert.Equal(TimeSpan.FromSeconds(550), pacer.WaitBefore("job", "O|SMART|MIDPOINT", now, bulk: true));
        Assert.Equal(TimeSpan.FromSeconds(550), pacer.WaitBefore("q60", "C60|SMART|MIDPOINT", now));
    }

    [Fact]
    public void The_drain_estimate_counts_only_the_slots_each_kind_may_use()
    {
        var pacer = new HistoricalPacer(60, reservedForInteractive: 30);
        for (var i = 0; i < 30; i++)
        {
            pacer.Sent($"job{i}", $"O{i}|SMART|MIDPOINT", T0, bulk: true);
        }

        // 30 interactive slots are free now; the 31st waits for the window.
        Assert.Equal(TimeSpan.Zero, pacer.EstimateDrain(30, T0));
        Assert.Equal(HistoricalPacer.LongWindow, pacer.EstimateDrain(31, T0));
        Assert.Equal(HistoricalPacer.LongWindow, pacer.EstimateDrain(1, T0, bulk: true));
    }

    [Fact]
    public void The_budget_says_what_is_used_by_whom_and_when_a_slot_frees()
    {
        var pacer = new HistoricalPacer(4, reservedForInteractive: 2);
        pacer.Sent("job0", "O0|SMART|MIDPOINT", T0, bulk: true);
        pacer.Sent("job1", "O1|SMART|MIDPOINT", T0.AddSeconds(1), bulk: true);
        pacer.Sent("q0", "SPY|SMART|MIDPOINT", T0.AddSeconds(2));

        var now = T0.AddSeconds(3);
        Assert.Equal(new PacingBudget(4, 2, 3, 2, 1, 1, 5, TimeSpan.Zero), pacer.Window(now).At(now, 1, 5));

        pacer.Sent("q1", "QQQ|SMART|MIDPOINT", now);
        Assert.Equal(HistoricalPacer.LongWindow - TimeSpan.FromSeconds(3), pacer.Window(now).At(now, 0, 5).NextSlotIn);
        Assert.Equal(3, pacer.Window(now).At(T0 + HistoricalPacer.LongWindow, 0, 0).Used);
    }

    [Fact]
    public void After_a_start_bulk_requests_wait_out_the_identical_window_a_dead_process_may_have_opened_and_interactive_ones_do_not()
    {
        var pacer = new HistoricalPacer(startedAt: T0);

        Assert.Equal(TimeSpan.FromSeconds(16), pacer.WaitBefore("job0", "O0|SMART|MIDPOINT", T0, bulk: true));
        Assert.Equal(TimeSpan.FromSeconds(6), pacer.WaitBefore("job0", "O0|SMART|MIDPOINT", T0.AddSeconds(10), bulk: true));
        Assert.Equal(TimeSpan.Zero, pacer.WaitBefore("job0", "O0|SMART|MIDPOINT", T0.AddSeconds(16), bulk: true));
        Assert.Equal(TimeSpan.Zero, pacer.WaitBefore("q0", "SPY|SMART|MIDPOINT", T0));
    }
}
