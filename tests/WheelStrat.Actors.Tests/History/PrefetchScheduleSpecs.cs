using WheelStrat.Actors.History.Jobs;

namespace WheelStrat.Actors.Tests.History;

public sealed class PrefetchScheduleSpecs
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeSpan AfterClose = new(16, 30, 0);

    [Theory]
    [InlineData("2026-11-25T15:00:00Z", "2026-11-25T21:30:00Z")] // Wednesday morning: this afternoon
    [InlineData("2026-11-25T21:30:00Z", "2026-11-26T21:30:00Z")] // exactly at the run: the next day
    [InlineData("2026-11-27T22:00:00Z", "2026-11-30T21:30:00Z")] // Friday evening: Monday
    [InlineData("2026-03-06T22:00:00Z", "2026-03-09T20:30:00Z")] // over the switch to summer time: 16:30 New York is 20:30Z
    [InlineData("2026-10-30T21:00:00Z", "2026-11-02T21:30:00Z")] // and back to winter time
    public void Runs_after_the_close_in_New_York_on_weekdays(string now, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            HistoryPrefetchActor.NextRun(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), AfterClose, NewYork));

    [Fact]
    public void Every_day_when_weekends_are_allowed() =>
        Assert.Equal(DateTimeOffset.Parse("2026-11-28T21:30:00Z", System.Globalization.CultureInfo.InvariantCulture),
            HistoryPrefetchActor.NextRun(DateTimeOffset.Parse("2026-11-27T22:00:00Z", System.Globalization.CultureInfo.InvariantCulture), AfterClose, NewYork, weekdaysOnly: false));
}
