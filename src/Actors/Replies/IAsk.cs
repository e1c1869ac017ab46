namespace WheelStrat.Actors.Replies;

/// <summary>
/// A request that is asked, not told: it names its one closed reply type and carries its deadline, so
/// <c>AskFor(request)</c> returns that type and an actor answering it can send nothing else.
/// </summary>
public interface IAsk<TReply> : IWithDeadline
    where TReply : IClosedReply<TReply>;

/// <summary>
/// The closed set of answers to one request: an abstract record with a private constructor whose cases are nested
/// sealed records, one of them the failure case carrying a <see cref="Failed"/> (the shared vocabulary for 503, 504,
/// 404, 422, 400 and 429). Each has a <c>Match</c> with one function per case, so a case added breaks every caller at
/// compile time.
/// </summary>
public interface IClosedReply<TSelf>
    where TSelf : IClosedReply<TSelf>
{
    /// <summary>
    /// The failure case for <paramref name="failed"/>: how plumbing that knows only Failed answers (a request child, the
    /// gateway, an Ask that timed out, a request past its deadline).
    /// </summary>
    static abstract TSelf Failing(Failed failed);
}
