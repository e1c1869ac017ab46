using WheelStrat.Actors.Replies;

namespace WheelStrat.Actors.Tests.Support;

/// <summary>Deadlines for requests a spec sends.</summary>
public static class Deadline
{
    /// <summary>Far enough ahead never to be what a spec measures.</summary>
    public static NotAfter Soon => NotAfter.In(TimeSpan.FromSeconds(60), DateTimeOffset.UtcNow);

    /// <summary>Already passed: the request must be answered TimedOut at once, and nothing done for it.</summary>
    public static NotAfter Passed => new(DateTimeOffset.UtcNow - TimeSpan.FromSeconds(1));
}
