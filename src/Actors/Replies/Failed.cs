namespace WheelStrat.Actors.Replies;

/// <summary>
/// The closed set of answers to a request of type <typeparamref name="TRequest"/>: the records its protocol marks
/// with <c>IReplyTo&lt;TRequest&gt;</c>, or a <see cref="Failed"/>. A Failed answers any request (the gateway and
/// the request plumbing send it without knowing the protocol), so it is an <c>IReplyTo&lt;object&gt;</c>, which the
/// contravariant parameter makes an answer to every request. Callers ask <c>Ask&lt;IReplyTo&lt;TRequest&gt;&gt;</c>.
/// </summary>
public interface IReplyTo<in TRequest>;

/// <summary>
/// Why a query or command did not succeed. Every actor reply is its success record or one of these,
/// so the API maps a closed set: 503, 504, 404, 422, 400.
/// </summary>
public abstract record Failed(string Message) : IReplyTo<object>;

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
