namespace WheelStrat.Actors.Replies;

/// <summary>
/// The instant by which a request must be answered, carried inside the request: an absolute time, so it means the
/// same after the message waited in a mailbox or crossed to another node (the nodes' clocks are assumed to agree, as
/// IB's own timestamps already require). An actor that gets a request past it answers TimedOut at once and asks IB
/// nothing; the work it starts for the request gets at most <see cref="Remaining"/>.
/// </summary>
public readonly record struct NotAfter(DateTimeOffset At)
{
    /// <summary><paramref name="wait"/> from <paramref name="now"/>.</summary>
    public static NotAfter In(TimeSpan wait, DateTimeOffset now) => new(now + wait);

    /// <summary>The time left at <paramref name="now"/>; zero once it has passed.</summary>
    public TimeSpan Remaining(DateTimeOffset now) => At > now ? At - now : TimeSpan.Zero;

    public bool HasPassed(DateTimeOffset now) => now >= At;

    /// <summary>The earlier of this deadline and <paramref name="wait"/> from <paramref name="now"/>: a configured cap still applies.</summary>
    public NotAfter AtMost(TimeSpan wait, DateTimeOffset now) => now + wait < At ? new(now + wait) : this;

    /// <summary>What a request that arrived too late is told.</summary>
    public TimedOut Missed(string what, DateTimeOffset now) =>
        new($"the deadline for {what} passed {(now - At).TotalMilliseconds:0} ms before it was handled; nothing was done");
}

/// <summary>A request that carries its deadline.</summary>
public interface IWithDeadline
{
    NotAfter NotAfter { get; }
}
