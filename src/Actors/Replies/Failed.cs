namespace WheelStrat.Actors.Replies;

/// <summary>
/// Why a query or command did not succeed: the shared vocabulary every closed reply's failure case carries (see
/// <see cref="IClosedReply{TSelf}"/>), and what the request plumbing (request children, the gateway) reports to the
/// actor that asked. The API maps it to one status: 503, 504, 429, 404, 422.
/// </summary>
public abstract record Failed(string Message);

/// <summary>The gateway is not connected (or IB is not reachable behind it).</summary>
public sealed record Unavailable(string Message) : Failed(Message);

/// <summary>The deadline passed before IB answered.</summary>
public sealed record TimedOut(string Message) : Failed(Message);

/// <summary>IB does not know the thing asked for (e.g. error 200 for a contract).</summary>
public sealed record NotFound(string Message, int? IbCode = null) : Failed(Message);

/// <summary>IB or a bridge rule refused it; <paramref name="IbCode"/> or <paramref name="Rule"/> says which.</summary>
public sealed record Rejected(string Message, int? IbCode = null, string? Rule = null) : Failed(Message);

/// <summary>Too much is asked of a shared budget (IB's historical pacing) to answer in time: come back after <paramref name="RetryAfter"/>.</summary>
public sealed record Busy(string Message, TimeSpan RetryAfter) : Failed(Message);
