using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using WheelStrat.Actors.Diagnostics;
using WheelStrat.Actors.Gateway;
using WheelStrat.Actors.Gateway.Requests;
using WheelStrat.Tws.Messages.Requests;
using WheelStrat.Actors.Replies;
using WheelStrat.Tws.Messages.Replies;
using static WheelStrat.Actors.Gateway.GatewayProtocol;
using static WheelStrat.Actors.Gateway.Requests.IbRequestProtocol;

namespace WheelStrat.Actors.Executions;

public sealed class ExecutionsOptions
{
    public const string Section = "Executions";

    /// <summary>How often a sync runs on its own; it also runs on every (re)connect and on demand.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A sync run never outlives this.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan SyncDeadline { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// A live fill (execDetails pushed by IB) is journaled at once and also starts a sync this long
    /// after it, so a burst of partial fills makes one sync and anything the push missed is picked up.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan SyncAfterFill { get; set; } = TimeSpan.FromSeconds(1);

    [Range(1, 1_000_000)]
    public int SnapshotEvery { get; set; } = 500;
}

public static class ExecutionsProtocol
{
    /// <summary>Replies <see cref="ExecutionPage"/> straight from the journal's state — never waits on IB.</summary>
    public sealed record GetExecutions(DateTimeOffset? Since, DateTimeOffset? Until, long? After, int Limit, NotAfter NotAfter) : IAsk<Answer<ExecutionPage>>;

    public sealed record ExecutionPage(IReadOnlyList<Trade> Items, long? Next, long LastSequence);

    /// <summary>
    /// Runs a sync now (joins the one running); a sync it starts asks IB for at most Executions:SyncDeadline and never
    /// past <paramref name="NotAfter"/>.
    /// </summary>
    public sealed record SyncNow(NotAfter NotAfter) : IAsk<SyncReply>;

    public abstract record SyncReply : IClosedReply<SyncReply>
    {
        private SyncReply()
        {
        }

        public static SyncReply Failing(Failed failed) => new Failure(failed);

        public T Match<T>(Func<Synced, T> synced, Func<Failure, T> failure) => this switch
        {
            Synced s => synced(s),
            Failure f => failure(f),
            _ => throw new UnreachableException(),
        };

        /// <summary>What the sync found, once it is durable.</summary>
        public sealed record Synced(SyncResult Result) : SyncReply;

        /// <summary>IB did not answer (or stopped part way: what came is kept, but the list is not known to be whole).</summary>
        public sealed record Failure(Failed Reason) : SyncReply;
    }

    /// <param name="Conflicts">Executions that reused a journaled execId with other content (see GET /executions/conflicts).</param>
    public sealed record SyncResult(int Received, int New, int Corrected, int Duplicates, DateTimeOffset At, int Conflicts = 0);

    /// <summary>Replies <see cref="ConflictList"/>: every execution conflict, acknowledged or not, oldest first.</summary>
    public sealed record GetConflicts(NotAfter NotAfter) : IAsk<Answer<ConflictList>>;

    public sealed record ConflictList(IReadOnlyList<ExecutionConflict> Conflicts);

    /// <summary>A person looked at the conflicts of this execId: the conflict as acknowledged, or NotFound.</summary>
    public sealed record AcknowledgeConflict(string ExecId, NotAfter NotAfter) : IAsk<AcknowledgeReply>;

    public abstract record AcknowledgeReply : IClosedReply<AcknowledgeReply>
    {
        private AcknowledgeReply()
        {
        }

        public static AcknowledgeReply Failing(Failed failed) => new Failure(failed);

        public T Match<T>(Func<Acknowledged, T> acknowledged, Func<Failure, T> failure) => this switch
        {
            Acknowledged a => acknowledged(a),
            Failure f => failure(f),
            _ => throw new UnreachableException(),
        };

        public sealed record Acknowledged(ExecutionConflict Conflict) : AcknowledgeReply;

        public sealed record Failure(Failed Reason) : AcknowledgeReply;
    }

    /// <summary>
    /// Published once a trade (or its correction) is durable: the order it belongs to moves by it, whether or
    /// not IB ever sends that order's status.
    /// </summary>
    public sealed record TradeJournaled(Trade Trade);

    /// <summary>Published once a commission for a journaled trade is durable: the trade as it now stands.</summary>
    public sealed record CommissionJournaled(Trade Trade);

    internal sealed record ScheduledSync { public static readonly ScheduledSync Instance = new(); }
}

/// <summary>
/// /user/executions: the durable ledger of fills (reqExecutions only reaches back about a day). Live
/// fills and commission reports come from the EventStream; sync jobs fill the gaps.
/// </summary>
public sealed class ExecutionJournal : ObservedPersistentActor, IWithTimers
{
    private readonly IActorRef _gateway;
    private SessionWatch _session = null!;
    private readonly ExecutionsOptions _options;
    private readonly HealthConditions _conditions;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ExecutionLedger _ledger = new();
    private const string FlushKey = "flush";
    private const int MaxBatch = 1000;
    private const string AfterFillKey = "sync-after-fill";
    private static readonly TimeSpan FlushDelay = TimeSpan.FromMilliseconds(20);

    private readonly List<IActorRef> _syncWaiters = [];
    private readonly List<Persistence.IJournalEvent> _unwritten = [];
    private IActorRef? _job;
    private int _jobs;
    private bool _snapshotDue;

    public ExecutionJournal(IActorRef gateway, ExecutionsOptions options, HealthConditions conditions)
    {
        _gateway = gateway;
        _options = options;
        _conditions = conditions;

        Recover<SnapshotOffer>(o => _ledger.Apply((ExecutionsSnapshot)o.Snapshot));
        Recover<Persistence.IJournalEvent>(_ledger.Apply);
        Recover<RecoveryCompleted>(_ => ShowConflicts());

        Command<ExecDetails>(m =>
        {
            Record(_ledger.Decide(m, DateTimeOffset.UtcNow));
            if (!Timers.IsTimerActive(AfterFillKey))
            {
                Timers.StartSingleTimer(AfterFillKey, ExecutionsProtocol.ScheduledSync.Instance, _options.SyncAfterFill);
            }
        });
        Command<CommissionReport>(OnCommission);
        Command<ExecutionsProtocol.GetExecutions>(OnGet);
        Command<ExecutionsProtocol.GetConflicts>(m =>
        {
            if (!Sender.AnsweredLate(m, DateTimeOffset.UtcNow))
            {
                // A List, not a collection expression: the reply may cross to another node (the journal is a singleton).
                Sender.Tell(new Answer<ExecutionsProtocol.ConflictList>.Value(new ExecutionsProtocol.ConflictList(_ledger.Conflicts.ToList())));
            }
        });
        Command<ExecutionsProtocol.AcknowledgeConflict>(OnAcknowledge);
        Command<ExecutionsProtocol.SyncNow>(m =>
        {
            if (!Sender.AnsweredLate(m, DateTimeOffset.UtcNow))
            {
                _syncWaiters.Add(Sender);
                StartSync(m.NotAfter);
            }
        });
        Command<ExecutionsProtocol.ScheduledSync>(_ => StartSync());
        Command<GatewayConnected>(m =>
        {
            if (_session.IsNew(m))
            {
                StartSync();
            }
        });
        Command<RequestCompleted<IReadOnlyList<ExecDetails>>>(m => OnSyncDone(m.Result, null));
        Command<RequestCutShort<IReadOnlyList<ExecDetails>>>(m => OnSyncDone(m.SoFar, m.Failure.Message));
        Command<RequestFailed>(m => OnSyncDone([], m.Failure.Message));
        Command<FlushNow>(_ => Flush());
        DeleteWhatSnapshotsCover("executions");
    }

    public override string PersistenceId => "executions";

    public ITimerScheduler Timers { get; set; } = null!;

    protected override string Kind => "execution-journal";

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(ExecDetails));
        Context.System.EventStream.Subscribe(Self, typeof(CommissionReport));
        _session = SessionWatch.Start(Context, _gateway);
        Timers.StartPeriodicTimer("sync", ExecutionsProtocol.ScheduledSync.Instance, _options.SyncInterval);
        base.PreStart();
    }

    /// <summary>
    /// Applies at once (so the next decision sees it) and journals in batches: a sync brings thousands
    /// of fills and commission reports in a burst, and one write per event would take seconds.
    /// </summary>
    private void Record(Persistence.IJournalEvent? e)
    {
        if (e is null)
        {
            return;
        }

        _ledger.Apply(e);
        _unwritten.Add(e);
        if (_unwritten.Count >= MaxBatch)
        {
            Flush();
        }
        else if (!Timers.IsTimerActive(FlushKey))
        {
            Timers.StartSingleTimer(FlushKey, FlushNow.Instance, FlushDelay);
        }
    }

    private void OnCommission(CommissionReport m)
    {
        if (_ledger.Decide(m) is not { } decided)
        {
            return;
        }

        if (!_ledger.Knows(decided.ExecId))
        {
            // A sync hands over its executions at the end, after their commissions: keep this one in memory
            // and journal it inside its execution's event (half the writes). If the bridge dies first, IB
            // sends both again on the next sync.
            _ledger.Apply(decided);
            return;
        }

        Record(decided);
    }

    private void Flush()
    {
        Timers.Cancel(FlushKey);
        if (_unwritten.Count == 0)
        {
            return;
        }

        var batch = _unwritten.ToList();
        _unwritten.Clear();
        var last = batch[^1];
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        PersistAll(batch, e =>
        {
            switch (e)
            {
                case ExecutionRecorded r:
                    BridgeMetrics.ExecutionsSynced.Add(1, new KeyValuePair<string, object?>("kind", "new"));
                    Context.System.EventStream.Publish(new ExecutionsProtocol.TradeJournaled(r.Trade));
                    break;
                case ExecutionCorrected c:
                    BridgeMetrics.ExecutionsSynced.Add(1, new KeyValuePair<string, object?>("kind", "corrected"));
                    Context.System.EventStream.Publish(new ExecutionsProtocol.TradeJournaled(c.Trade));
                    break;
                case CommissionRecorded cr when _ledger.Find(cr.ExecId) is { } trade:
                    Context.System.EventStream.Publish(new ExecutionsProtocol.CommissionJournaled(trade));
                    break;
                case ExecutionConflictRecorded x:
                    BridgeMetrics.ExecutionConflicts.Add(1);
                    _log.Error("Execution {ExecId} reuses a journaled execId with other content: kept {Existing}, conflicting {Incoming}",
                        x.ExecId, Describe(x.Existing), Describe(x.Incoming));
                    ShowConflicts();
                    break;
            }

            if (!ReferenceEquals(e, last))
            {
                return;
            }

            BridgeMetrics.JournalWriteLatency.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                new KeyValuePair<string, object?>("journal", "executions"));
            ReportState($"{_ledger.Count} trades");
            _snapshotDue |= LastSequenceNr / _options.SnapshotEvery != (LastSequenceNr - batch.Count) / _options.SnapshotEvery;

            // The ledger already holds events still waiting for the next batch; a snapshot taken now
            // would claim them at a sequence number they were never written at.
            if (_snapshotDue && _unwritten.Count == 0)
            {
                _snapshotDue = false;
                SaveSnapshot(_ledger.Snapshot());
            }
        });
    }

    private void OnAcknowledge(ExecutionsProtocol.AcknowledgeConflict m)
    {
        if (Sender.AnsweredLate(m, DateTimeOffset.UtcNow))
        {
            return;
        }

        var known = _ledger.Conflicts.LastOrDefault(c => c.ExecId == m.ExecId);
        if (known is null)
        {
            Sender.Tell(ExecutionsProtocol.AcknowledgeReply.Failing(new NotFound($"no execution conflict for execId '{m.ExecId}'")));
            return;
        }

        if (_ledger.Acknowledge(m.ExecId, DateTimeOffset.UtcNow) is not { } acknowledged)
        {
            Sender.Tell(new ExecutionsProtocol.AcknowledgeReply.Acknowledged(known));
            return;
        }

        var asker = Sender;
        Flush();
        Persist(acknowledged, e =>
        {
            _ledger.Apply(e);
            _log.Warning("Execution conflict {ExecId} acknowledged", e.ExecId);
            ShowConflicts();
            asker.Tell(new ExecutionsProtocol.AcknowledgeReply.Acknowledged(_ledger.Conflicts.Last(c => c.ExecId == e.ExecId)));
        });
    }

    /// <summary>Unacknowledged conflicts keep /health degraded: a ledger that may be wrong needs a person.</summary>
    private void ShowConflicts()
    {
        var open = _ledger.Unacknowledged.Select(c => c.ExecId).Distinct().ToList();
        _conditions.Set("executions", open.Count == 0
            ? null
            : $"{open.Count} execution conflict(s) to review (GET /executions/conflicts, then acknowledge): execId {string.Join(", ", open.Take(5))}");
    }

    /// <summary>What a conflict log line shows of a trade: enough to find it, nothing of the account.</summary>
    private static string Describe(Trade t) => $"{t.OrderRef} {t.Side} {t.Quantity} {t.Symbol} @ {t.Price} at {t.Time:O}";

    /// <summary>Readers see only what is durable: a trade shown once must survive a kill -9.</summary>
    private void OnGet(ExecutionsProtocol.GetExecutions m)
    {
        if (Sender.AnsweredLate(m, DateTimeOffset.UtcNow))
        {
            return;
        }

        if (_unwritten.Count == 0)
        {
            Reply(m, Sender);
            return;
        }

        var asker = Sender;
        Flush();
        DeferAsync(m, _ => Reply(m, asker));
    }

    private void Reply(ExecutionsProtocol.GetExecutions m, IActorRef asker)
    {
        var items = _ledger.Query(m.Since, m.Until, m.After, m.Limit + 1);
        var page = items.Take(m.Limit).ToList();
        asker.Tell(new Answer<ExecutionsProtocol.ExecutionPage>.Value(new ExecutionsProtocol.ExecutionPage(page, items.Count > m.Limit ? page[^1].Sequence : null, _ledger.LastSequence)));
    }

    /// <param name="asked">The deadline of the caller who asked for it; a scheduled sync has only the configured one.</param>
    private void StartSync(NotAfter? asked = null)
    {
        if (_job is not null)
        {
            return;
        }

        // One reqExecutions as a child: its end, its deadline, or its part if IB stops half way, comes back once.
        var now = DateTimeOffset.UtcNow;
        var notAfter = asked?.AtMost(_options.SyncDeadline, now) ?? NotAfter.In(_options.SyncDeadline, now);
        _job = Context.ActorOf(IbRequests.Collect<ExecDetails, ExecDetailsEnd>(
            _gateway, new ExecutionsRequest(new ExecutionFilter()), notAfter.Remaining(now), notAfter.At), $"sync-{++_jobs}");
    }

    private void OnSyncDone(IReadOnlyList<ExecDetails> received, string? problem)
    {
        _job = null;
        if (problem is not null && received.Count == 0)
        {
            Answer(ExecutionsProtocol.SyncReply.Failing(new Unavailable($"execution sync: {problem}")));
            return;
        }

        int fresh = 0, corrected = 0, conflicts = 0;
        foreach (var e in received)
        {
            var decided = _ledger.Decide(e, DateTimeOffset.UtcNow);
            fresh += decided is ExecutionRecorded ? 1 : 0;
            corrected += decided is ExecutionCorrected ? 1 : 0;
            conflicts += decided is ExecutionConflictRecorded ? 1 : 0;
            Record(decided);
        }

        Flush();
        var reply = problem is null
            ? new ExecutionsProtocol.SyncReply.Synced(new ExecutionsProtocol.SyncResult(received.Count, fresh, corrected, received.Count - fresh - corrected - conflicts, DateTimeOffset.UtcNow, conflicts))
            // IB stopped part way: what arrived is real and kept, but the list is not known to be complete.
            : ExecutionsProtocol.SyncReply.Failing(new Unavailable($"execution sync: {problem}; the {received.Count} executions received before it are kept"));

        // Answer once what this sync found is durable.
        DeferAsync(reply, Answer);
    }

    private sealed record FlushNow { public static readonly FlushNow Instance = new(); }

    private void Answer(ExecutionsProtocol.SyncReply reply)
    {
        foreach (var waiter in _syncWaiters)
        {
            waiter.Tell(reply);
        }

        _syncWaiters.Clear();
    }
}
