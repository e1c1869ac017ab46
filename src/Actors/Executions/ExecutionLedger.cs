using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Replies;

namespace WheelStrat.Actors.Executions;

/// <summary>
/// The journal's state and rules, without a journal: dedupe by execId, corrections replace, commission
/// attached whenever it arrives (before or after its execution), and an execId met again with other
/// content kept as a conflict rather than dropped. Pure: decide events, then apply them.
/// </summary>
public sealed class ExecutionLedger
{
    private readonly Dictionary<string, Trade> _byExecId = [];
    private readonly Dictionary<string, string> _latestByBase = [];
    private readonly Dictionary<string, CommissionRecorded> _pendingCommissions = [];
    private readonly SortedList<long, Trade> _bySequence = [];
    private readonly List<ExecutionConflict> _conflicts = [];

    public long LastSequence { get; private set; }

    public int Count => _byExecId.Count;

    public IReadOnlyList<ExecutionConflict> Conflicts => _conflicts;

    public IEnumerable<ExecutionConflict> Unacknowledged => _conflicts.Where(c => !c.Acknowledged);

    /// <summary>
    /// What recording this execution means: nothing (an exact repeat, or a conflict already kept), a new trade,
    /// a correction, or a conflict (a known execId with other content).
    /// </summary>
    public Persistence.IJournalEvent? Decide(ExecDetails e, DateTimeOffset? now = null)
    {
        // A commission that came first travels inside the trade's own event.
        var trade = WithPendingCommission(ToTrade(e, LastSequence + 1), remove: false);
        if (_byExecId.TryGetValue(trade.ExecId, out var known))
        {
            return known.SameExecutionAs(trade) || _conflicts.Any(c => c.ExecId == trade.ExecId && c.Incoming.SameExecutionAs(trade))
                ? null
                : new ExecutionConflictRecorded(trade.ExecId, known, trade with { Sequence = 0 }, now ?? DateTimeOffset.UtcNow);
        }

        var key = Trade.Base(trade.ExecId);
        if (_latestByBase.TryGetValue(key, out var previous))
        {
            // Only a later revision replaces; a late copy of an older one is dropped.
            return string.CompareOrdinal(trade.ExecId, previous) > 0 ? new ExecutionCorrected(previous, trade) : null;
        }

        return new ExecutionRecorded(trade);
    }

    /// <summary>A commission for the execution as first journaled; a conflicting execution's does not overwrite it.</summary>
    public CommissionRecorded? Decide(CommissionReport c) =>
        c.Commission is not { } commission
            || (_byExecId.TryGetValue(c.ExecId, out var t) && (t.Commission == commission || (t.Commission is not null && _conflicts.Any(x => x.ExecId == c.ExecId))))
            || (_pendingCommissions.TryGetValue(c.ExecId, out var p) && p.Commission == commission)
            ? null
            : new CommissionRecorded(c.ExecId, commission, c.Currency, c.RealizedPnl);

    public void Apply(Persistence.IJournalEvent e)
    {
        switch (e)
        {
            case ExecutionRecorded r:
                Add(WithPendingCommission(r.Trade));
                break;
            case ExecutionCorrected c:
                if (_byExecId.Remove(c.ReplacedExecId, out var old))
                {
                    _bySequence.Remove(old.Sequence);
                }

                Add(WithPendingCommission(c.Trade));
                break;
            case CommissionRecorded cr:
                if (_byExecId.TryGetValue(cr.ExecId, out var trade))
                {
                    Replace(trade with { Commission = cr.Commission, Currency = cr.Currency });
                }
                else
                {
                    _pendingCommissions[cr.ExecId] = cr;
                }

                break;
            case ExecutionConflictRecorded x:
                _conflicts.Add(new ExecutionConflict(x.ExecId, x.Existing, x.Incoming, x.At, null));
                break;
            case ExecutionConflictAcknowledged a:
                for (var i = 0; i < _conflicts.Count; i++)
                {
                    if (_conflicts[i].ExecId == a.ExecId && !_conflicts[i].Acknowledged)
                    {
                        _conflicts[i] = _conflicts[i] with { AcknowledgedAt = a.At };
                    }
                }

                break;
            case ExecutionsSnapshot s:
                foreach (var t in s.Trades)
                {
                    Add(t);
                }

                foreach (var (k, v) in s.PendingCommissions)
                {
                    _pendingCommissions[k] = v;
                }

                _conflicts.AddRange(s.Conflicts ?? []);
                LastSequence = s.LastSequence;
                break;
        }
    }

    public ExecutionsSnapshot Snapshot() =>
        new([.. _bySequence.Values], new Dictionary<string, CommissionRecorded>(_pendingCommissions), LastSequence, [.. _conflicts]);

    /// <summary>Null when no conflict has that execId, or all of them are acknowledged already.</summary>
    public ExecutionConflictAcknowledged? Acknowledge(string execId, DateTimeOffset now) =>
        _conflicts.Any(c => c.ExecId == execId && !c.Acknowledged) ? new ExecutionConflictAcknowledged(execId, now) : null;

    /// <summary>Trades in journal order, filtered by time (UTC) and/or by sequence for incremental sync.</summary>
    public IReadOnlyList<Trade> Query(DateTimeOffset? since, DateTimeOffset? until, long? after, int limit)
    {
        var trades = _bySequence.Values;
        var page = new List<Trade>(Math.Min(limit, trades.Count));
        // Incremental readers page by sequence: start where the last page ended, not at the beginning.
        for (var i = after is { } a ? FirstAfter(a) : 0; i < trades.Count && page.Count < limit; i++)
        {
            var t = trades[i];
            if ((since is null || t.Time >= since) && (until is null || t.Time < until))
            {
                page.Add(t);
            }
        }

        return page;
    }

    private int FirstAfter(long sequence)
    {
        var keys = _bySequence.Keys;
        int lo = 0, hi = keys.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (keys[mid] <= sequence)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>Whether the execution a commission belongs to is in the ledger.</summary>
    public bool Knows(string execId) => _byExecId.ContainsKey(execId);

    /// <summary>The journaled trade of this execId, if any.</summary>
    public Trade? Find(string execId) => _byExecId.GetValueOrDefault(execId);

    private Trade WithPendingCommission(Trade t, bool remove = true) =>
        (remove ? _pendingCommissions.Remove(t.ExecId, out var c) : _pendingCommissions.TryGetValue(t.ExecId, out c))
            ? t with { Commission = c.Commission, Currency = c.Currency }
            : t;

    private void Add(Trade t)
    {
        _byExecId[t.ExecId] = t;
        _bySequence[t.Sequence] = t;
        _latestByBase[Trade.Base(t.ExecId)] = t.ExecId;
        LastSequence = Math.Max(LastSequence, t.Sequence);
    }

    private void Replace(Trade t)
    {
        _byExecId[t.ExecId] = t;
        _bySequence[t.Sequence] = t;
    }

    private static Trade ToTrade(ExecDetails e, long sequence)
    {
        var x = e.Execution;
        var c = e.Contract;
        var isOption = c.SecType is "OPT" or "FOP";
        return new Trade(sequence, x.ExecId, x.OrderId, x.OrderRef, Time.IbTime.ToUtc(x.Time, "US/Eastern"), c.Symbol, c.SecType,
            isOption ? c.LastTradeDateOrContractMonth : null, isOption ? c.Strike : null, isOption ? c.Right : null,
            x.Side, x.Shares ?? 0, x.Price, null, c.Currency, x.AcctNumber, x.Exchange, x.PermId);
    }
}
