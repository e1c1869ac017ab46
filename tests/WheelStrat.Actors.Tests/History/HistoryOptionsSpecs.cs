using WheelStrat.Actors.Executions;
using WheelStrat.Actors.History;
using WheelStrat.Actors.History.Jobs;
using static WheelStrat.Actors.Tests.Support.OptionsValidation;

namespace WheelStrat.Actors.Tests.History;

public sealed class HistoryOptionsSpecs
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Empty(Errors(new HistoryOptions()));
        Assert.Empty(Errors(new ExecutionsOptions()));
    }

    [Fact]
    public void A_zero_cache_ttl_turns_the_cache_off_and_is_allowed()
    {
        Assert.Empty(Errors(new HistoryOptions { CacheTtl = TimeSpan.Zero }));
    }

    [Fact]
    public void Timers_that_would_fire_at_once_or_throw_are_refused_by_name()
    {
        Assert.Equal([nameof(HistoryOptions.Wait), nameof(HistoryOptions.JobPassivateAfter)],
            Errors(new HistoryOptions { Wait = TimeSpan.Zero, JobPassivateAfter = TimeSpan.FromSeconds(-1) }));
        Assert.Equal([nameof(HistoryOptions.MaxRequestsPerTenMinutes), nameof(HistoryOptions.JobConcurrency)],
            Errors(new HistoryOptions { MaxRequestsPerTenMinutes = 61, JobConcurrency = 0 }));
        Assert.Equal([nameof(ExecutionsOptions.SyncInterval), nameof(ExecutionsOptions.SnapshotEvery)],
            Errors(new ExecutionsOptions { SyncInterval = TimeSpan.Zero, SnapshotEvery = 0 }));
    }

    [Fact]
    public void Prefetch_needs_a_time_of_day_a_known_zone_and_sane_watchlists()
    {
        Assert.Empty(Errors(new PrefetchOptions { Watchlists = [new PrefetchWatchlist { Symbols = ["AAPL"] }] }));
        var bad = new PrefetchOptions
        {
            At = TimeSpan.FromHours(25),
            TimeZone = "Mars/Olympus",
            Watchlists = [new PrefetchWatchlist { Symbols = ["AAPL"] }, new PrefetchWatchlist { Symbols = [], StrikeWindowPct = 0, Days = 0 }],
        };
        Assert.Equal(["At", "TimeZone", "Watchlists:1:Symbols", "Watchlists:1:StrikeWindowPct", "Watchlists:1:Days"], Errors(bad));
    }
}
