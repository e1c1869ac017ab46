using WheelStrat.Actors.History;
using WheelStrat.Actors.History.Store;

namespace WheelStrat.Actors.Tests.History;

/// <summary>What a query costs at IB, without an actor: the store's gaps, cut to IB's span, with shareable ids.</summary>
public sealed class HistoryPlanSpecs
{
    private static readonly DateTimeOffset T = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly BarSeries Hourly = new(265598, "1 hour", "MIDPOINT", true);

    [Fact]
    public void Only_the_ranges_the_store_lacks_are_asked_for()
    {
        var wanted = new TimeRange(T, T.AddDays(2));
        var requests = HistoryPlan.Requests(Hourly, wanted, [new TimeRange(T, T.AddDays(1))], storeOnly: false);
        Assert.Equal([new TimeRange(T.AddDays(1), T.AddDays(2))], requests.Select(r => r.Range));

        Assert.Empty(HistoryPlan.Requests(Hourly, wanted, [wanted], storeOnly: false));
    }

    [Fact]
    public void A_gap_longer_than_IB_allows_for_the_bar_size_becomes_several_requests_that_cover_it()
    {
        var wanted = new TimeRange(T, T.AddDays(400));
        var requests = HistoryPlan.Requests(Hourly, wanted, [], storeOnly: false);

        Assert.True(requests.Count > 1);
        Assert.All(requests, r => Assert.True(r.Range.Length <= BarSizes.MaxRequestSpan("1 hour")));
        Assert.Equal(wanted.From, requests[0].Range.From);
        Assert.Equal(wanted.To, requests[^1].Range.To);
        Assert.All(requests.Zip(requests.Skip(1)), p => Assert.Equal(p.Item1.Range.To, p.Item2.Range.From));
    }

    [Fact]
    public void Without_a_store_read_all_is_asked_and_for_a_contract_IB_forgot_nothing_is()
    {
        var wanted = new TimeRange(T, T.AddDays(1));
        Assert.Equal([wanted], HistoryPlan.Requests(Hourly, wanted, covered: null, storeOnly: false).Select(r => r.Range));
        Assert.Empty(HistoryPlan.Requests(Hourly, wanted, covered: [], storeOnly: true));
    }

    [Fact]
    public void Two_queries_needing_the_same_range_of_the_same_series_share_one_request_id()
    {
        var wanted = new TimeRange(T, T.AddDays(1));
        var a = HistoryPlan.Requests(Hourly, wanted, [], storeOnly: false).Single();
        var b = HistoryPlan.Requests(Hourly with { }, wanted, [], storeOnly: false).Single();
        var bid = HistoryPlan.Requests(Hourly with { WhatToShow = "BID" }, wanted, [], storeOnly: false).Single();

        Assert.Equal(a.Id, b.Id);
        Assert.NotEqual(a.Id, bid.Id);
    }

    [Fact]
    public void A_query_fits_its_deadline_only_with_time_left_for_IB_to_answer()
    {
        var allowance = TimeSpan.FromSeconds(5);
        Assert.True(HistoryPlan.FitsDeadline(TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(45), allowance));
        Assert.False(HistoryPlan.FitsDeadline(TimeSpan.FromSeconds(41), TimeSpan.FromSeconds(45), allowance));

        // A short deadline keeps a third of itself for the answer, not the whole allowance.
        Assert.True(HistoryPlan.FitsDeadline(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6), allowance));
        Assert.False(HistoryPlan.FitsDeadline(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(6), allowance));
    }
}
