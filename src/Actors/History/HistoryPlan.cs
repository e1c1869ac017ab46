using WheelStrat.Actors.History.Store;

namespace WheelStrat.Actors.History;

/// <summary>One IB request a query needs: a missing range of a series, no longer than IB allows for its bar size.</summary>
public sealed record PlannedRequest(string Id, TimeRange Range);

/// <summary>
/// The history actor's planning, pure (the feasibility before anything is queued is in <see cref="HistoryLimits"/>):
/// once the store is read, the parts of a query's range it does not cover, cut into requests within IB's span per bar
/// size, each with an id another query needing the same range shares; and whether the pacing queue can still send
/// them before the caller's deadline.
/// </summary>
public abstract partial record HistoryPlan
{
    /// <summary>
    /// <paramref name="covered"/> is what the store holds (null: the store could not be read, so all of it is asked);
    /// <paramref name="storeOnly"/>: IB no longer knows the contract, so the store's bars are the whole answer.
    /// </summary>
    public static IReadOnlyList<PlannedRequest> Requests(BarSeries series, TimeRange wanted, IReadOnlyList<TimeRange>? covered, bool storeOnly)
    {
        IReadOnlyList<TimeRange> gaps = covered is null ? [wanted] : storeOnly ? [] : TimeRange.Missing(wanted, covered);
        var maxSpan = BarSizes.MaxRequestSpan(series.BarSize);
        return [.. gaps.SelectMany(g => g.Split(maxSpan)).Select(r => new PlannedRequest(RequestId(series, r), r))];
    }

    public static string RequestId(BarSeries series, TimeRange range) => $"{series}|{range.From.ToUnixTimeSeconds()}|{range.To.ToUnixTimeSeconds()}";

    /// <summary>
    /// Whether requests the pacer can send within <paramref name="sendable"/> still leave IB time to answer before
    /// the caller's deadline (<paramref name="left"/>): the allowance is <paramref name="answerAllowance"/>, or a third
    /// of what is left when that is less, so a short deadline is not refused outright.
    /// </summary>
    public static bool FitsDeadline(TimeSpan sendable, TimeSpan left, TimeSpan answerAllowance) =>
        sendable <= left - TimeSpan.FromTicks(Math.Min(answerAllowance.Ticks, left.Ticks / 3));
}
