using Akka.Actor;
using Akka.TestKit.Xunit2;
using WheelStrat.Actors.Diagnostics;
using WheelStrat.Actors.Executions;
using WheelStrat.Actors.Gateway.Requests;
using WheelStrat.Actors.Replies;
using WheelStrat.Actors.Tests.Support;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Replies;
using WheelStrat.Tws.Messages.Requests;
using Xunit.Abstractions;
using static WheelStrat.Actors.Executions.ExecutionsProtocol;

namespace WheelStrat.Actors.Tests.Executions;

/// <summary>
/// The execution journal and its sync jobs, against the fake gateway and a real SQLite journal (the
/// bridge's default store, through the bridge's own serializer): a sync never outlives its deadline,
/// concurrent syncs share one reqExecutions, and the trades survive a restart.
/// </summary>
public sealed class ExecutionJournalSpecs : TestKit
{
    /// <summary>
    /// Generous: the first answer waits for the SQLite journal to start and recover, which on a loaded 2-core machine
    /// (the whole suite at once) took more than 10 s. Only a failing spec waits this long.
    /// </summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _database;
    private readonly GatewayLog _log = new();

    public ExecutionJournalSpecs(ITestOutputHelper output)
        : this(output, SqliteJournal.NewDatabase())
    {
    }

    private ExecutionJournalSpecs(ITestOutputHelper output, string database)
        : base(SqliteJournal.Config(database), output: output) => _database = database;

    private ExecutionsOptions Options { get; } = new()
    {
        SyncInterval = TimeSpan.FromHours(1), // no scheduled sync during a test
        SyncDeadline = TimeSpan.FromSeconds(30),
    };

    [Fact]
    public void A_sync_asked_past_its_deadline_is_TimedOut_and_asks_IB_nothing()
    {
        var journal = StartJournal(Sys, _log);
        journal.Tell(new SyncNow(Deadline.Passed), TestActor);

        Assert.IsType<TimedOut>(ExpectMsg<SyncReply.Failure>(Patience).Reason);
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Empty(_log.Sent<ReqExecutions>());
    }

    [Fact]
    public void Reads_asked_past_their_deadline_are_TimedOut_and_reads_in_time_are_answered()
    {
        var journal = StartJournal(Sys, _log);
        journal.Tell(new GetExecutions(null, null, null, 10, Deadline.Passed), TestActor);
        Assert.IsType<TimedOut>(ExpectMsg<Answer<ExecutionPage>.Failure>(Patience).Reason);
        journal.Tell(new GetConflicts(Deadline.Passed), TestActor);
        Assert.IsType<TimedOut>(ExpectMsg<Answer<ConflictList>.Failure>(Patience).Reason);

        journal.Tell(new GetExecutions(null, null, null, 10, Deadline.Soon), TestActor);
        Assert.Empty(ExpectMsg<Answer<ExecutionPage>.Value>(Patience).Item.Items);
        journal.Tell(new GetConflicts(Deadline.Soon), TestActor);
        Assert.Empty(ExpectMsg<Answer<ConflictList>.Value>(Patience).Item.Conflicts);
    }

    [Fact]
    public void A_sync_asked_with_less_time_than_SyncDeadline_asks_IB_for_no_longer_than_its_caller_waits()
    {
        var journal = StartJournal(Sys, _log);
        journal.Tell(new SyncNow(WheelStrat.Actors.Replies.NotAfter.In(TimeSpan.FromSeconds(1), DateTimeOffset.UtcNow)), TestActor);

        // IB takes the request and never sends execDetailsEnd: the caller hears by its deadline, not SyncDeadline's 30 s.
        AwaitCondition(() => _log.Sent<ReqExecutions>().Count == 1, Patience);
        Assert.Contains("no execDetailsEnd within", Assert.IsType<Unavailable>(ExpectMsg<SyncReply.Failure>(TimeSpan.FromSeconds(5)).Reason).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sync_IB_never_finishes_ends_at_its_deadline_with_a_failure_to_every_waiter()
    {
        Options.SyncDeadline = TimeSpan.FromSeconds(1);
        var journal = StartJournal(Sys, _log);
        var waiters = Enumerable.Range(0, 3).Select(_ => CreateTestProbe()).ToList();
        foreach (var waiter in waiters)
        {
            journal.Tell(new SyncNow(Deadline.Soon), waiter);
        }

        // IB takes the request and never sends execDetailsEnd.
        AwaitCondition(() => _log.Sent<ReqExecutions>().Count == 1, Patience);
        foreach (var waiter in waiters)
        {
            var failure = Assert.IsType<Unavailable>(waiter.ExpectMsg<SyncReply.Failure>(Patience).Reason);
            Assert.Contains("no execDetailsEnd within 1s", failure.Message, StringComparison.Ordinal);
            waiter.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        }

        // An end that comes after the deadline answers nobody twice, and the next sync is a new request.
        var reqId = _log.Sent<ReqExecutions>()[0].ReqId;
        _log.OwnerOf(reqId).Tell(new ExecDetailsEnd(reqId));
        journal.Tell(new SyncNow(Deadline.Soon), waiters[0]);
        AwaitCondition(() => _log.Sent<ReqExecutions>().Count == 2, Patience);
        waiters[1].ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task A_sync_IB_stops_answering_part_way_keeps_what_arrived_and_still_fails_every_waiter()
    {
        var journal = StartJournal(Sys, _log);
        var waiters = Enumerable.Range(0, 2).Select(_ => CreateTestProbe()).ToList();
        foreach (var waiter in waiters)
        {
            journal.Tell(new SyncNow(Deadline.Soon), waiter);
        }

        AwaitCondition(() => _log.Sent<ReqExecutions>().Count == 1, Patience);
        var reqId = _log.Sent<ReqExecutions>()[0].ReqId;
        _log.OwnerOf(reqId).Tell(Fill(reqId, "0000e0d5.00000001.01.01"));
        _log.OwnerOf(reqId).Tell(Fill(reqId, "0000e0d5.00000002.01.01"));

        // Then the deadline, after the two fills whatever the machine's speed (a 1 s timer could beat them here).
        _log.OwnerOf(reqId).Tell(IbRequestProtocol.Deadline.Instance);

        // No execDetailsEnd: the list may be incomplete, so no waiter is told the sync succeeded.
        foreach (var waiter in waiters)
        {
            var failure = Assert.IsType<Unavailable>(waiter.ExpectMsg<SyncReply.Failure>(Patience).Reason);
            Assert.Contains("no execDetailsEnd", failure.Message, StringComparison.Ordinal);
            Assert.Contains("2 executions received", failure.Message, StringComparison.Ordinal);
        }

        Assert.Equal(2, (await TradesWhenAsync(journal, t => t.Count == 2)).Count);
    }

    [Fact]
    public void Concurrent_sync_requests_share_one_IB_request_and_one_answer()
    {
        var journal = StartJournal(Sys, _log);
        var waiters = Enumerable.Range(0, 5).Select(_ => CreateTestProbe()).ToList();
        journal.Tell(ScheduledSync.Instance);
        foreach (var waiter in waiters)
        {
            journal.Tell(new SyncNow(Deadline.Soon), waiter);
        }

        AwaitCondition(() => _log.Sent<ReqExecutions>().Count == 1, Patience);
        var reqId = _log.Sent<ReqExecutions>()[0].ReqId;
        var job = _log.OwnerOf(reqId);
        job.Tell(Fill(reqId, "0000e0d5.00000001.01.01"));
        job.Tell(Fill(reqId, "0000e0d5.00000002.01.01"));
        job.Tell(new ExecDetailsEnd(reqId));

        foreach (var waiter in waiters)
        {
            var result = waiter.ExpectMsg<SyncReply.Synced>(Patience).Result;
            Assert.Equal((2, 2), (result.Received, result.New));
        }

        Assert.Single(_log.Sent<ReqExecutions>());

        // One at a time, not once ever: a sync asked for after that one finished is a new request.
        journal.Tell(new SyncNow(Deadline.Soon), waiters[0]);
        AwaitCondition(() => _log.Sent<ReqExecutions>().Count == 2, Patience);
    }

    [Fact]
    public async Task The_journal_recovers_its_trades_after_a_restart()
    {
        // A snapshot at the 4th event, two events after it: recovery needs both.
        Options.SnapshotEvery = 4;
        var journal = StartJournal(Sys, _log);
        await TradesWhenAsync(journal, t => t.Count == 0); // started: it hears the EventStream from now on

        // One event at a time: a read waits until what it shows is written, so each is its own write.
        await RecordAsync(journal, Fill(-1, "0000e0d5.00000001.01.01", price: 150.25), t => t.Count == 1);
        await RecordAsync(journal, new CommissionReport("0000e0d5.00000001.01.01", 1.0, "USD", null, null, 0), t => t[0].Commission == 1.0);
        await RecordAsync(journal, Fill(-1, "0000e0d5.00000002.01.01", price: 150.5), t => t.Count == 2);
        await RecordAsync(journal, Fill(-1, "0000e0d5.00000003.01.01", price: 151), t => t.Count == 3);
        AwaitCondition(() => SqliteJournal.SnapshotsAt(_database, "executions").Contains(4), Patience);
        await RecordAsync(journal, Fill(-1, "0000e0d5.00000003.01.02", price: 150.75), t => t[2].ExecId.EndsWith(".02", StringComparison.Ordinal)); // IB's correction
        var before = await RecordAsync(journal, new CommissionReport("0000e0d5.00000003.01.02", 1.25, "USD", null, null, 0), t => t[2].Commission == 1.25);

        Watch(journal);
        journal.Tell(PoisonPill.Instance);
        ExpectTerminated(journal, Patience);

        // A new actor system on the same database: nothing survives but what the journal wrote.
        var restarted = ActorSystem.Create("restarted", Sys.Settings.Config);
        try
        {
            var again = StartJournal(restarted, new GatewayLog());
            var after = await TradesWhenAsync(again, _ => true); // recovered, and listening

            Assert.Equal(before, after);
            Assert.Equal(["0000e0d5.00000001.01.01", "0000e0d5.00000002.01.01", "0000e0d5.00000003.01.02"], after.Select(t => t.ExecId));
            Assert.Equal([1.0, null, 1.25], after.Select(t => t.Commission));
            Assert.Equal(150.75, after[2].Price);

            // The dedupe state came back too: IB repeating a fill adds nothing, a new fill continues the sequence.
            restarted.EventStream.Publish(Fill(-1, "0000e0d5.00000002.01.01", price: 150.5));
            restarted.EventStream.Publish(Fill(-1, "0000e0d5.00000004.01.01", price: 152));
            var latest = await TradesWhenAsync(again, t => t.Any(x => x.ExecId == "0000e0d5.00000004.01.01"));
            Assert.Equal(4, latest.Count);
            Assert.Equal(after.Max(t => t.Sequence) + 1, latest[^1].Sequence);
        }
        finally
        {
            await restarted.Terminate();
        }
    }

    private async Task<IReadOnlyList<Trade>> RecordAsync(IActorRef journal, object fromIb, Func<IReadOnlyList<Trade>, bool> recorded)
    {
        Sys.EventStream.Publish(fromIb);
        return await TradesWhenAsync(journal, recorded);
    }

    /// <summary>The journal's trades, once <paramref name="ready"/> holds for them.</summary>
    private static async Task<IReadOnlyList<Trade>> TradesWhenAsync(IActorRef journal, Func<IReadOnlyList<Trade>, bool> ready)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var items = Assert.IsType<Answer<ExecutionPage>.Value>(await journal.Ask<Answer<ExecutionPage>>(new GetExecutions(null, null, null, 100, Deadline.Soon), Patience)).Item.Items;
            if (ready(items))
            {
                return items;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the journal never held the expected trades; last: {string.Join(", ", items.Select(t => $"{t.ExecId} {t.Commission}"))}");
            await Task.Delay(50);
        }
    }

    private IActorRef StartJournal(ActorSystem system, GatewayLog log)
    {
        var gateway = system.ActorOf(Props.Create(() => new FakeGatewayActor(log)));
        var options = Options;
        return system.ActorOf(Props.Create(() => new ExecutionJournal(gateway, options, new HealthConditions())), "executions");
    }

    private static ExecDetails Fill(int reqId, string execId, double price = 150) =>
        new(reqId, Contract.Stock("AAPL") with { ConId = 265598 }, new Execution
        {
            OrderId = 7, ExecId = execId, Time = "20261127 10:15:02 US/Eastern", AcctNumber = "DU1234567", Exchange = "ISLAND",
            Side = "BOT", Shares = 2, Price = price, PermId = 900, ClientId = 1, CumQty = 2, AvgPrice = price, OrderRef = "k",
        });
}
