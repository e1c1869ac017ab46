using System.Collections.Immutable;

namespace WheelStrat.Actors.Gateway;

/// <summary>The gateway connection's lifecycle as /health reports it.</summary>
public enum GatewayStatus
{
    Disconnected,
    Connecting,
    Ok,
    Degraded,
    AwaitingLogin,
}

/// <summary>
/// One IB data farm (market data, HMDS, sec-def) as the 21xx notices report it: its state since
/// <paramref name="At"/> (IB's notice <paramref name="Code"/>), and whether the bridge uses it (<see cref="DataFarms"/>).
/// </summary>
public sealed record FarmState(string Name, string Kind, string State, DateTimeOffset At, int Code, bool Used);

/// <summary>
/// The outbound message governor: messages waiting per priority for IB's rate, and what became of those
/// that waited. Sent counts every client→IB message of the process; the rest count only queued ones.
/// </summary>
public sealed record OutboundStats(
    int MaxPerSecond,
    int UrgentQueued,
    int MarketDataQueued,
    int OtherQueued,
    long Sent,
    long Waited,
    long Expired,
    long Rejected,
    TimeSpan? LastWait)
{
    public static readonly OutboundStats None = new(0, 0, 0, 0, 0, 0, 0, 0, null);
}

/// <summary>A line of the diagnostics timeline (connects, drops, IB codes), newest last.</summary>
public sealed record HealthEvent(DateTimeOffset At, string Kind, string Detail)
{
    /// <summary>How many times in a row this happened (a refused reconnect at every backoff is one entry); At is the last.</summary>
    public int Count { get; init; } = 1;
}

/// <summary>
/// Immutable snapshot of the gateway connection and its diagnostics. Written only by
/// <see cref="GatewayConnectionActor"/>; read by /health without asking the actor, so /health answers
/// at once whatever the gateway does.
/// </summary>
public sealed record GatewayHealth
{
    public static readonly GatewayHealth Initial = new();

    public GatewayStatus Status { get; init; } = GatewayStatus.Disconnected;
    public bool Connected { get; init; }
    public int? ServerVersion { get; init; }
    public int? ClientId { get; init; }
    public ImmutableArray<string> Accounts { get; init; } = [];
    public DateTimeOffset? ConnectedSince { get; init; }
    public ImmutableArray<string> DegradedReasons { get; init; } = [];

    /// <summary>When the status last became degraded; null when it is not.</summary>
    public DateTimeOffset? DegradedSince { get; init; }

    public DateTimeOffset? LastDisconnectAt { get; init; }
    public string? LastDisconnectReason { get; init; }
    public DateTimeOffset? LastIbErrorAt { get; init; }
    public int? LastIbErrorCode { get; init; }
    public string? LastIbErrorMessage { get; init; }

    /// <summary>IB's last routine message (a cancel confirmed, no bars, delayed data offered): not a failure.</summary>
    public DateTimeOffset? LastIbNoticeAt { get; init; }
    public int? LastIbNoticeCode { get; init; }
    public string? LastIbNoticeMessage { get; init; }
    public DateTimeOffset? LastReconnectAttemptAt { get; init; }
    public string? LastReconnectError { get; init; }
    public long ReconnectAttempts { get; init; }
    public long ReconnectFailures { get; init; }
    public DateTimeOffset? NextReconnectAt { get; init; }
    public TimeSpan? ReconnectDelay { get; init; }
    public DateTimeOffset? LastHeartbeatAt { get; init; }
    public string? LastHeartbeatError { get; init; }
    public long HeartbeatFailures { get; init; }

    /// <summary>True between IB's 1100 (IB ↔ gateway connectivity lost) and 1101/1102.</summary>
    public bool IbConnectivityLost { get; init; }

    public DateTimeOffset? IbConnectivityLostSince { get; init; }

    /// <summary>Since when this session's orders meet 321 "Read-Only mode": orders are refused here until a new session.</summary>
    public DateTimeOffset? ReadOnlySince { get; init; }

    /// <summary>True from IB's 10197 until a market-data line ticks again (or a new session starts).</summary>
    public bool CompetingSession { get; init; }
    public DateTimeOffset? CompetingSessionAt { get; init; }
    public long CompetingSessionNotices { get; init; }
    public ImmutableDictionary<string, FarmState> Farms { get; init; } = ImmutableDictionary<string, FarmState>.Empty;

    /// <summary>IB's 60 historical requests per ten minutes as the bridge spends them; /health adds it when it answers.</summary>
    public History.PacingBudget? HistoryPacing { get; init; }

    /// <summary>Whole frames from IB whose fields did not decode: each cost that one message, never the session.</summary>
    public long DecodeErrors { get; init; }
    public DateTimeOffset? LastDecodeErrorAt { get; init; }

    /// <summary>The undecodable message's id; null when the id itself was what did not decode (or the frame was empty).</summary>
    public int? LastDecodeErrorMessageId { get; init; }

    /// <summary>Which field failed and why; never the field's text, which may be account data.</summary>
    public string? LastDecodeErrorReason { get; init; }

    /// <summary>The outbound governor as of this snapshot (see <see cref="GatewayHealthBoard.Snapshot"/>).</summary>
    public OutboundStats Outbound { get; init; } = OutboundStats.None;

    /// <summary>Supervisor restarts of the connection actor (bugs, not network faults).</summary>
    public int ActorRestarts { get; init; }
    public ImmutableList<HealthEvent> Timeline { get; init; } = [];

    public const int TimelineLength = 50;

    /// <summary>What /health shows: the session's own state plus the bridge's other degraded conditions.</summary>
    public GatewayHealth WithConditions(IEnumerable<string> conditions)
    {
        var reasons = DegradedReasons.AddRange(conditions);
        return reasons.Length == DegradedReasons.Length
            ? this
            : this with { DegradedReasons = reasons, Status = Status == GatewayStatus.Ok ? GatewayStatus.Degraded : Status };
    }

    /// <summary>A failure that repeats updates its entry instead of pushing the session's history out of the timeline.</summary>
    public GatewayHealth WithRepeatedEvent(DateTimeOffset at, string kind, string detail) =>
        Timeline.LastOrDefault() is { } last && last.Kind == kind && last.Detail == detail
            ? this with { Timeline = Timeline.SetItem(Timeline.Count - 1, last with { At = at, Count = last.Count + 1 }) }
            : WithEvent(at, kind, detail);

    public GatewayHealth WithEvent(DateTimeOffset at, string kind, string detail)
    {
        var timeline = Timeline.Add(new HealthEvent(at, kind, detail));
        return this with { Timeline = timeline.Count > TimelineLength ? timeline.RemoveAt(0) : timeline };
    }
}

/// <summary>Holds the latest <see cref="GatewayHealth"/>; one writer (the actor), any number of readers.</summary>
public sealed class GatewayHealthBoard
{
    private GatewayHealth _current = GatewayHealth.Initial;
    private OutboundStats _outbound = OutboundStats.None;
    private int _starts;

    public GatewayHealth Current => Volatile.Read(ref _current);

    /// <summary>The governor's queues change with every message; they are kept apart so they never publish a health change.</summary>
    public OutboundStats Outbound => Volatile.Read(ref _outbound);

    /// <summary>The health snapshot with the governor's latest figures, as /health shows it.</summary>
    public GatewayHealth Snapshot() => Current with { Outbound = Outbound };

    internal void Publish(GatewayHealth health) => Volatile.Write(ref _current, health);

    internal void Publish(OutboundStats outbound) => Volatile.Write(ref _outbound, outbound);

    /// <summary>Counts actor incarnations: every start after the first is a supervisor restart.</summary>
    internal int RecordStart() => Interlocked.Increment(ref _starts);
}
