using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.History;

namespace WheelStrat.Actors.Tests.History;

public sealed class HistoryLimitsSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 15, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("1 secs", 1800)]
    [InlineData("5 secs", 3600)]
    [InlineData("10 secs", 14400)]
    [InlineData("15 secs", 14400)]
    [InlineData("30 secs", 28800)]
    [InlineData("1 min", 86400)]
    [InlineData("2 mins", 2 * 86400)]
    [InlineData("20 mins", 7 * 86400)]
    [InlineData("1 hour", 30 * 86400)]
    [InlineData("8 hours", 30 * 86400)]
    [InlineData("1 day", 365 * 86400)]
    public void Each_bar_size_has_IBs_step_size_as_its_longest_request(string barSize, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), HistoryLimits.MaxStep(barSize));

    [Theory]
    [InlineData("1 secs", 1800)]
    [InlineData("5 secs", 3600)]
    [InlineData("30 secs", 28800)]
    [InlineData("1 min", 86400)]
    [InlineData("10 mins", 7 * 86400)]
    [InlineData("1 hour", 30 * 86400)]
    public void A_request_never_spans_more_than_IBs_step_size(string barSize, int seconds) =>
        Assert.True(BarSizes.MaxRequestSpan(barSize) <= TimeSpan.FromSeconds(seconds), $"{BarSizes.MaxRequestSpan(barSize)}");

    [Fact]
    public void Ten_years_of_one_second_bars_is_beyond_IBs_six_months_with_no_duration_allowed_before_it()
    {
        var plan = Assert.IsType<HistoryPlan.Implausible>(HistoryLimits.Plan(Query("10 Y", "1 secs"), Now, 20));
        Assert.Contains("six months", plan.Limit, StringComparison.Ordinal);
        Assert.Contains("1800 S", plan.Limit, StringComparison.Ordinal);
        Assert.StartsWith("183 D", plan.LargestDuration, StringComparison.Ordinal);
    }

    [Fact]
    public void Small_bars_ending_long_ago_allow_no_duration_at_all() =>
        Assert.Contains("none", Assert.IsType<HistoryPlan.Implausible>(HistoryLimits.Plan(Query("1 D", "5 secs", Now.AddYears(-1)), Now, 20)).LargestDuration, StringComparison.Ordinal);

    [Fact]
    public void Larger_bars_over_years_are_counted_in_IB_requests()
    {
        var plan = Assert.IsType<HistoryPlan.TooManyRequests>(HistoryLimits.Plan(Query("5 Y", "1 min"), Now, 20));
        Assert.Equal(1826, plan.IbRequests);
        Assert.Equal(20, plan.Max);
    }

    [Theory]
    [InlineData("1800 S", "1 secs", 1)]
    [InlineData("3600 S", "1 secs", 2)]
    [InlineData("5 D", "1 hour", 1)]
    [InlineData("1 Y", "1 day", 1)]
    [InlineData("1 Y", "1 hour", 13)]
    public void A_plausible_query_says_how_many_IB_requests_it_needs(string duration, string barSize, int requests) =>
        Assert.Equal(requests, Assert.IsType<HistoryPlan.Feasible>(HistoryLimits.Plan(Query(duration, barSize), Now, 20)).IbRequests);

    private static HistoryQuery Query(string duration, string barSize, DateTimeOffset? end = null) =>
        new(ContractSpec.Stock("SPY"), duration, barSize, End: end ?? Now);
}
