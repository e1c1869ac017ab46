using WheelStrat.Actors.Executions;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Replies;

namespace WheelStrat.Actors.Tests.Executions;

public sealed class ExecutionLedgerSpecs
{
    [Fact]
    public void A_fill_is_recorded_once_however_often_IB_reports_it()
    {
        var ledger = new ExecutionLedger();
        Apply(ledger, ledger.Decide(Fill("0000e0d5.00000001.01.01")));
        Assert.Null(ledger.Decide(Fill("0000e0d5.00000001.01.01")));
        Assert.Single(ledger.Query(null, null, null, 100));
    }

    [Fact]
    public void A_correction_replaces_the_revision_it_corrects()
    {
        var ledger = new ExecutionLedger();
        Apply(ledger, ledger.Decide(Fill("0000e0d5.00000002.01.01", price: 3.40)));
        var correction = ledger.Decide(Fill("0000e0d5.00000002.01.02", price: 3.45));
        Assert.IsType<ExecutionCorrected>(correction);
        Apply(ledger, correction);
        var trade = Assert.Single(ledger.Query(null, null, null, 100));
        Assert.Equal("0000e0d5.00000002.01.02", trade.ExecId);
        Assert.Equal(3.45, trade.Price);
        Assert.Null(ledger.Decide(Fill("0000e0d5.00000002.01.01", price: 3.40))); // a late copy of the old revision
    }

    [Fact]
    public void Commission_is_null_until_reported_and_attaches_whenever_it_arrives()
    {
        var ledger = new ExecutionLedger();
        Apply(ledger, ledger.Decide(Fill("0000e0d5.00000003.01.01")));
        Assert.Null(ledger.Query(null, null, null, 10)[0].Commission);
        Apply(ledger, ledger.Decide(new CommissionReport("0000e0d5.00000003.01.01", 1.30, "USD", null, null, 0)));
        Assert.Equal(1.30, ledger.Query(null, null, null, 10)[0].Commission);

        // Before its execution: kept, then attached.
        Apply(ledger, ledger.Decide(new CommissionReport("0000e0d5.00000004.01.01", 0.65, "USD", null, null, 0)));
        Apply(ledger, ledger.Decide(Fill("0000e0d5.00000004.01.01")));
        Assert.Equal(0.65, ledger.Query(null, null, null, 10).Single(t => t.ExecId.EndsWith("04.01.01", StringComparison.Ordinal)).Commission);

        // IB's "unset" commission is not a zero.
        Assert.Null(ledger.Decide(new CommissionReport("0000e0d5.00000005.01.01", null, "USD", null, null, 0)));
    }

    [Fact]
    public void A_commission_that_came_first_travels_inside_its_executions_event()
    {
        // What the journal does during a sync: the commission is applied (kept in memory), not journaled.
        var ledger = new ExecutionLedger();
        var commission = ledger.Decide(new CommissionReport("0000e0d5.00000006.01.01", 0.65, "USD", null, null, 0))!;
        Assert.False(ledger.Knows(commission.ExecId));
        ledger.Apply(commission);

        var recorded = Assert.IsType<ExecutionRecorded>(ledger.Decide(Fill("0000e0d5.00000006.01.01")));
        Assert.Equal(0.65, recorded.Trade.Commission);

        // Replaying only the journaled event (a restart) gives the same trade.
        var replayed = new ExecutionLedger();
        replayed.Apply(recorded);
        Assert.Equal(0.65, Assert.Single(replayed.Query(null, null, null, 10)).Commission);
    }

    [Fact]
    public void Pages_by_sequence_and_filters_by_utc_time()
    {
        var ledger = new ExecutionLedger();
        for (var i = 1; i <= 5; i++)
        {
            Apply(ledger, ledger.Decide(Fill($"0000e0d5.0000001{i}.01.01", time: $"20261127 1{i}:00:00 US/Eastern")));
        }

        Assert.Equal([3, 4], ledger.Query(null, null, after: 2, limit: 2).Select(t => t.Sequence));
        var since = new DateTimeOffset(2026, 11, 27, 17, 30, 0, TimeSpan.Zero); // 12:30 New York
        Assert.Equal([3, 4, 5], ledger.Query(since, null, null, 10).Select(t => t.Sequence));
        Assert.Equal(TimeSpan.Zero, ledger.Query(null, null, null, 1)[0].Time.Offset);
    }

    [Fact]
    public void A_known_execId_with_other_content_is_a_conflict_kept_once_and_the_first_trade_stays()
    {
        var ledger = new ExecutionLedger();
        Apply(ledger, ledger.Decide(Fill("0000e0d5.00000020.01.01")));
        Apply(ledger, ledger.Decide(new CommissionReport("0000e0d5.00000020.01.01", 0.65, "USD", null, null, 0)));
        var other = Fill("0000e0d5.00000020.01.01", price: 9.10, time: "20261130 11:00:00 US/Eastern", orderRef: "other", side: "BOT", shares: 4);

        var conflict = Assert.IsType<ExecutionConflictRecorded>(ledger.Decide(other));
        Assert.Equal("k", conflict.Existing.OrderRef);
        Assert.Equal("other", conflict.Incoming.OrderRef);
        Apply(ledger, conflict);

        // Met again (every sync lists it): nothing new. An exact repeat of the first is still a plain duplicate.
        Assert.Null(ledger.Decide(other));
        Assert.Null(ledger.Decide(Fill("0000e0d5.00000020.01.01")));
        Assert.Equal("k", Assert.Single(ledger.Query(null, null, null, 10)).OrderRef);
        Assert.Single(ledger.Unacknowledged);

        // The conflicting execution's commission does not overwrite the first trade's.
        Assert.Null(ledger.Decide(new CommissionReport("0000e0d5.00000020.01.01", 2.00, "USD", null, null, 0)));

        Assert.Null(ledger.Acknowledge("no-such-exec", DateTimeOffset.UtcNow));
        Apply(ledger, ledger.Acknowledge("0000e0d5.00000020.01.01", DateTimeOffset.UtcNow));
        Assert.Empty(ledger.Unacknowledged);
        Assert.True(Assert.Single(ledger.Conflicts).Acknowledged);
        Assert.Null(ledger.Acknowledge("0000e0d5.00000020.01.01", DateTimeOffset.UtcNow));
    }

    [Fact]
    public void Conflicts_survive_a_snapshot()
    {
        var ledger = new ExecutionLedger();
        Apply(ledger, ledger.Decide(Fill("0000e0d5.00000030.01.01")));
        Apply(ledger, ledger.Decide(Fill("0000e0d5.00000030.01.01", orderRef: "other")));

        var restored = new ExecutionLedger();
        restored.Apply(ledger.Snapshot());
        Assert.Equal("other", Assert.Single(restored.Unacknowledged).Incoming.OrderRef);
        Assert.Null(restored.Decide(Fill("0000e0d5.00000030.01.01", orderRef: "other")));
    }

    private static void Apply(ExecutionLedger ledger, Actors.Persistence.IJournalEvent? e) => ledger.Apply(e!);

    private static ExecDetails Fill(
        string execId, double price = 3.40, string time = "20261128 10:15:02 US/Eastern", string orderRef = "k", string side = "SLD", decimal shares = 1) =>
        new(-1, Contract.Option("AMZN", "20261218", 200, "P") with { ConId = 777 },
            new Execution { ExecId = execId, OrderId = 5, OrderRef = orderRef, Time = time, Side = side, Shares = shares, Price = price, AcctNumber = "DU1234567" });
}
