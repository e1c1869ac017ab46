using WheelStrat.Actors.Replies;

namespace WheelStrat.Actors.Executions;

/// <summary>One fill as the journal keeps it (and /executions returns it). Commission is null until IB reports it.</summary>
public sealed record Trade(
    long Sequence,
    string ExecId,
    int OrderId,
    string OrderRef,
    DateTimeOffset Time,
    string Symbol,
    string SecType,
    string? Expiration,
    double? Strike,
    string? Right,
    string Side,
    decimal Quantity,
    double Price,
    double? Commission,
    string Currency,
    string Account,
    string Exchange,
    long PermId)
{
    /// <summary>"0000e0d5.6540a1b2.01.02" → "0000e0d5.6540a1b2.01": a correction shares it with what it replaces.</summary>
    public static string Base(string execId)
    {
        var dot = execId.LastIndexOf('.');
        return dot > 0 ? execId[..dot] : execId;
    }

    /// <summary>
    /// The same execution as IB reports it, whatever the path: the journal's sequence, the commission (it comes
    /// later) and the order id and exchange (they depend on who asks and how) are not part of what happened.
    /// </summary>
    public bool SameExecutionAs(Trade other) =>
        this with { Sequence = 0, Commission = null, OrderId = 0, Exchange = "" } == other with { Sequence = 0, Commission = null, OrderId = 0, Exchange = "" };
}

/// <summary>
/// An execution that reused an execId the ledger already holds, with other content. IB's execIds are unique,
/// so one of the two is not what it claims: the ledger keeps the first, and a person must look.
/// </summary>
public sealed record ExecutionConflict(string ExecId, Trade Existing, Trade Incoming, DateTimeOffset At, DateTimeOffset? AcknowledgedAt)
{
    public bool Acknowledged => AcknowledgedAt is not null;
}

public sealed record ExecutionRecorded(Trade Trade) : Persistence.IJournalEvent;

/// <summary>IB corrected an execution: the new revision replaces the old one rather than adding to it.</summary>
public sealed record ExecutionCorrected(string ReplacedExecId, Trade Trade) : Persistence.IJournalEvent;

public sealed record CommissionRecorded(string ExecId, double Commission, string Currency, double? RealizedPnl) : Persistence.IJournalEvent;

public sealed record ExecutionConflictRecorded(string ExecId, Trade Existing, Trade Incoming, DateTimeOffset At) : Persistence.IJournalEvent;

public sealed record ExecutionConflictAcknowledged(string ExecId, DateTimeOffset At) : Persistence.IJournalEvent;

/// <param name="Conflicts">Null in snapshots taken before conflicts were kept.</param>
public sealed record ExecutionsSnapshot(
    IReadOnlyList<Trade> Trades,
    IReadOnlyDictionary<string, CommissionRecorded> PendingCommissions,
    long LastSequence,
    IReadOnlyList<ExecutionConflict>? Conflicts = null) : Persistence.IJournalEvent;
