namespace WheelStrat.Actors.History;

/// <summary>What a /history query costs before anything is queued: refused, or the IB requests it needs.</summary>
public abstract partial record HistoryPlan
{
    /// <summary>IB cannot answer it at all: <paramref name="Limit"/> names IB's rule, <paramref name="LargestDuration"/> the most it allows.</summary>
    public sealed record Implausible(string Limit, string LargestDuration) : HistoryPlan;

    /// <summary>IB could answer it, in <paramref name="IbRequests"/> paced requests: more than a caller should wait for.</summary>
    public sealed record TooManyRequests(int IbRequests, int Max) : HistoryPlan;

    public sealed record Feasible(int IbRequests) : HistoryPlan;
}

/// <summary>
/// IB's documented historical-data limits per bar size (TWS API, "Historical Data Limitations"): the step
/// sizes (the longest duration one reqHistoricalData may ask for with that bar size), and that bars of
/// 30 secs or less are only kept for six months. Pure, so it can run before a query is queued.
/// </summary>
public static class HistoryLimits
{
    /// <summary>Small bars (30 secs or less) older than this are not available from IB at all.</summary>
    public static readonly TimeSpan SmallBarHistory = TimeSpan.FromDays(183);

    private static readonly TimeSpan SmallBarCutoff = TimeSpan.FromSeconds(30);

    /// <summary>IB's step-size table, read per bar size: the longest duration one request may ask for, and its durationStr.</summary>
    private static readonly (TimeSpan UpToBar, TimeSpan MaxDuration, string Text)[] Steps =
    [
        (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1800), "1800 S"),
        (TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(3600), "3600 S"),
        (TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(14400), "14400 S"),
        (TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(28800), "28800 S"),
        (TimeSpan.FromMinutes(1), TimeSpan.FromDays(1), "1 D"),
        (TimeSpan.FromMinutes(2), TimeSpan.FromDays(2), "2 D"),
        (TimeSpan.FromMinutes(20), TimeSpan.FromDays(7), "1 W"),
        (TimeSpan.FromHours(8), TimeSpan.FromDays(30), "1 M"),
        (TimeSpan.MaxValue, TimeSpan.FromDays(365), "1 Y"),
    ];

    /// <summary>The longest duration IB accepts in one request with this bar size (its step-size table).</summary>
    public static TimeSpan MaxStep(string barSize) => StepFor(barSize).MaxDuration;

    public static string MaxStepText(string barSize) => StepFor(barSize).Text;

    /// <summary>
    /// Refuses what IB cannot answer (small bars older than six months), then counts the IB requests the
    /// query's span needs at <see cref="BarSizes.MaxRequestSpan"/> each: more than <paramref name="maxIbRequests"/> is too many.
    /// </summary>
    public static HistoryPlan Plan(HistoryQuery query, DateTimeOffset now, int maxIbRequests)
    {
        var range = query.Range(now);
        if (Implausible(query.BarSize, range.From, range.To, now) is { } refused)
        {
            return refused;
        }

        var requests = (int)Math.Min(int.MaxValue, Math.Ceiling(range.Length / BarSizes.MaxRequestSpan(query.BarSize)));
        return requests > maxIbRequests ? new HistoryPlan.TooManyRequests(requests, maxIbRequests) : new HistoryPlan.Feasible(requests);
    }

    /// <summary>IB's refusal of <paramref name="barSize"/> bars from <paramref name="from"/> to <paramref name="to"/>, or null when IB can answer it.</summary>
    public static HistoryPlan.Implausible? Implausible(string barSize, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now)
    {
        if (BarSizes.Length(barSize) > SmallBarCutoff || from >= now - SmallBarHistory)
        {
            return null;
        }

        var largest = to <= now - SmallBarHistory ? "none (the end is older than six months)" : LargestSmallBarDuration(to, now);
        return new HistoryPlan.Implausible($"IB keeps bars of 30 secs or less for six months only ({barSize} bars up to {MaxStepText(barSize)} per request)", largest);
    }

    /// <summary>The longest duration, in whole days, that still starts inside IB's six months.</summary>
    private static string LargestSmallBarDuration(DateTimeOffset end, DateTimeOffset now)
    {
        var days = (int)Math.Floor((end - (now - SmallBarHistory)).TotalDays);
        return days >= 1 ? $"{days} D" : $"{(int)Math.Floor((end - (now - SmallBarHistory)).TotalSeconds)} S";
    }

    private static (TimeSpan UpToBar, TimeSpan MaxDuration, string Text) StepFor(string barSize)
    {
        var bar = BarSizes.Length(barSize);
        return Steps.First(s => bar <= s.UpToBar);
    }
}
