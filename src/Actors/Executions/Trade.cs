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
}

public sealed record ExecutionRecorded(Trade Trade) : Persistence.IJournalEvent;

/// <summary>IB corrected an execution: the new revision replaces the old one rather than adding to it.</summary>
public sealed record ExecutionCorrected(string ReplacedExecId, Trade Trade) : Persistence.IJournalEvent;

public sealed record CommissionRecorded(string ExecId, double Commission, string Currency, double? RealizedPnl) : Persistence.IJournalEvent;

public sealed record ExecutionsSnapshot(IReadOnlyList<Trade> Trades, IReadOnlyDictionary<string, CommissionRecorded> PendingCommissions, long LastSequence)
    : Persistence.IJournalEvent;
