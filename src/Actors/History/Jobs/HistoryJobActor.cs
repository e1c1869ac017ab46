using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using WheelStrat.Actors.Chains;
using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.Diagnostics;
using WheelStrat.Actors.MarketData;
using WheelStrat.Actors.Persistence;
using WheelStrat.Actors.Replies;
using static WheelStrat.Actors.History.Jobs.HistoryJobsProtocol;

namespace WheelStrat.Actors.History.Jobs;

/// <summary>What a job needs from the rest of the system.</summary>
public sealed record HistoryJobDependencies(IActorRef History, IActorRef Chains, IActorRef MarketData, HistoryOptions Options, TimeProvider Time);

/// <summary>
/// One bulk-history job, an entity of the "history-job" shard region (persistence id history-job-{id}, as before
/// sharding): plans its contracts once (chain, spot, strike window), then feeds them to the history actor a few at a
/// time — its pacing queue decides when IB is asked, and the store means a contract already fetched costs nothing.
/// After a restart it resumes where its journal stops. <see cref="HistoryJobState"/> decides; this actor asks,
/// journals and answers. Its journal does not hold its spec: every message from the <see cref="HistoryJobIndex"/>
/// comes in a <see cref="ForJob"/> that carries it.
/// </summary>
public sealed class HistoryJobActor : ObservedPersistentActor, IWithTimers
{
    private static readonly TimeSpan PlanningTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The actors asked answer by the deadline in the request; an Ask still open this much later lost its reply.</summary>
    private static readonly TimeSpan AskGrace = TimeSpan.FromSeconds(5);
    private const string SettleKey = "settle";
    private const string ResumeKey = "resume";

    private readonly string _id;
    private readonly HistoryJobDependencies _deps;
    private readonly IActorRef _index;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<string> _inFlight = [];
    private HistoryJobState _state = HistoryJobState.New;
    private HistoryJobSubmitted _job = null!;

    public HistoryJobActor(string id, HistoryJobDependencies deps, IActorRef index)
    {
        _id = id;
        _deps = deps;
        _index = index;

        Recover<SnapshotOffer>(o => _state = (HistoryJobState)o.Snapshot);
        Recover<IJournalEvent>(e => _state = _state.Apply(e));
        Unaddressed();
    }

    public override string PersistenceId => $"history-job-{_id}";

    public ITimerScheduler Timers { get; set; } = null!;

    protected override string Kind => "history-job";

    protected override string? Owns => _id;

    private DateTimeOffset Now => _deps.Time.GetUtcNow();

    private HistoryJobView View(TimeSpan? estimatedTimeLeft = null) => _state.View(_id, _job.Spec, _job.At, estimatedTimeLeft);

    // ---- states ----------------------------------------------------------------------------

    /// <summary>Recovered, but without its spec until the index's first message brings it.</summary>
    private void Unaddressed()
    {
        Command<ForJob>(m =>
        {
            _job = m.Job;
            Resume();
            Self.Forward(m); // the state just entered handles it
        });
        Command<StopNow>(_ => Passivate());
        Common();
    }

    private void Planning()
    {
        Command<ForJob>(m => Handle(m.Message));
        Command<ChainAnswer>(OnChain);
        Command<SpotAnswer>(OnSpot);
        Command<IHistoryJobCommand>(Decide);
        Command<StopNow>(_ => Passivate());
        Common();
    }

    private void Running()
    {
        Command<ForJob>(m => Handle(m.Message));
        Command<Answered>(m =>
        {
            _inFlight.Remove(m.Key);
            Decide(new RecordAnswer(m.Key, m.Reply));
        });
        Command<ResumeNow>(_ => Pump());
        Command<StopNow>(_ => Passivate());
        Common();
    }

    /// <summary>Finished for good: after a while idle it asks the index to settle it, then passivates.</summary>
    private void Finished()
    {
        Command<ForJob>(m =>
        {
            if (m.Message is Settled)
            {
                // The index answers for this job from now on; nothing more is forwarded here.
                Context.Parent.Tell(new Passivate(StopNow.Instance));
                Become(Passivating);
                return;
            }

            Handle(m.Message);
        });
        Command<SettleNow>(_ => _index.Tell(new Settle(View())));
        Command<Answered>(_ => { }); // asked before the cancel; its bars are stored anyway
        Command<StopNow>(_ => Passivate());
        Common();
    }

    private void Passivating()
    {
        Command<ForJob>(m => Handle(m.Message));
        Command<StopNow>(_ => Passivate());
        Command<Answered>(_ => { });
        Common();
    }

    private void Common()
    {
        // Journal deletion after a snapshot, in every state (Become replaces all handlers).
        DeleteWhatSnapshotsCover("history job " + _id);
    }

    /// <summary>Into the state the journal says, and on with the work.</summary>
    private void Resume()
    {
        _index.Tell(View());
        ReportState(_state.Status.ToWire());
        switch (_state.Status)
        {
            case HistoryJobStatus.Planning:
                Become(Planning);
                Plan();
                break;
            case HistoryJobStatus.Running:
                Become(Running);
                Pump();
                break;
            default:
                Become(Finished);
                Timers.StartSingleTimer(SettleKey, SettleNow.Instance, _deps.Options.JobPassivateAfter);
                break;
        }
    }

    private void Handle(object message)
    {
        if (message is IAsk<JobReply> asked && Sender.AnsweredLate(asked, Now))
        {
            return;
        }

        switch (message)
        {
            case GetJob:
                ReplyWithEstimate(Sender);
                break;
            case CancelJob when _state.IsFinished:
                Sender.Tell(new JobReply.Found(View()));
                break;
            case CancelJob:
                Decide(CancelRun.Instance, Sender);
                break;
            case Settled or WakeUp:
                break; // a settled job passivates; a woken one already runs
        }
    }

    private void Decide(IHistoryJobCommand command) => Decide(command, replyTo: null);

    private void Decide(IHistoryJobCommand command, IActorRef? replyTo)
    {
        var (decision, events) = _state.Decide(command, Now);
        switch (decision)
        {
            case HistoryJobDecision.RetryLater r:
                _log.Info("History job {JobId} waits {RetryAfter} before asking again: {Reason}", _id, r.After, r.Reason);
                Timers.StartSingleTimer(ResumeKey, ResumeNow.Instance, r.After);
                return;
            case HistoryJobDecision.Ignore:
                replyTo?.Tell(new JobReply.Found(View()));
                return;
        }

        PersistAll(events, e =>
        {
            _state = _state.Apply(e);
            if (LastSequenceNr % _deps.Options.JobSnapshotEvery == 0)
            {
                SaveSnapshot(_state);
            }
        });
        DeferAsync(events.Count, _ =>
        {
            var view = View();
            replyTo?.Tell(new JobReply.Found(view));
            if (_state.IsFinished)
            {
                _log.Info("History job {JobId} {State}: {Done} done, {Failed} failed", _id, view.State, view.Done, view.Failed);
            }

            Resume();
        });
    }

    // ---- planning --------------------------------------------------------------------------

    private void Plan()
    {
        var spec = _job.Spec;
        if (spec.IsStock)
        {
            Self.Tell(new AcceptPlan([ContractSpec.Stock(spec.Symbol)]));
            return;
        }

        if (spec.Strikes is { } strikes && spec.ExpirationFrom is { } from && from == spec.ExpirationTo)
        {
            // Fully explicit: no chain needed, and expired contracts (no longer listed) can be named.
            PlanContracts([from], strikes);
            return;
        }

        _deps.Chains.Ask<OptionChainProtocol.OptionChainReply>(new OptionChainProtocol.GetOptionChain(spec.Symbol, NotAfter.In(PlanningTimeout, Now)), PlanningTimeout + AskGrace)
            .PipeTo(Self, success: r => new ChainAnswer(r), failure: ex => new ChainAnswer(OptionChainProtocol.OptionChainReply.Failing(new TimedOut(ex.Message))));
    }

    private void OnChain(ChainAnswer m)
    {
        var spec = _job.Spec;
        var (chain, missing) = m.Reply.Match(found => (found.Chain, ""), failure => ((OptionChain?)null, failure.Reason.Message));
        if (chain is null)
        {
            Self.Tell(new RejectPlan($"no option chain for {spec.Symbol}: {missing}"));
            return;
        }

        var today = Now.UtcDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        var expirations = spec.ExpirationsAhead is { } ahead
            ? chain.Expirations.Where(e => string.CompareOrdinal(e, today) >= 0).Take(ahead).ToList()
            : chain.Expirations.Where(e => string.CompareOrdinal(e, spec.ExpirationFrom) >= 0 && string.CompareOrdinal(e, spec.ExpirationTo) <= 0).ToList();
        if (expirations.Count == 0 && spec.ExpirationFrom is { } from && from == spec.ExpirationTo)
        {
            expirations = [from]; // an expired one: IB still has its history
        }

        if (expirations.Count == 0)
        {
            Self.Tell(new RejectPlan($"no {spec.Symbol} expiration in {spec.ExpirationFrom}..{spec.ExpirationTo}"));
            return;
        }

        if (spec.Strikes is { } strikes)
        {
            PlanContracts(expirations, strikes);
            return;
        }

        _deps.MarketData.Ask<MarketDataProtocol.QuoteReply>(new MarketDataProtocol.GetQuote(ContractSpec.Stock(spec.Symbol), NotAfter.In(PlanningTimeout, Now)), PlanningTimeout + AskGrace)
            .PipeTo(Self, success: r => new SpotAnswer(r, chain, expirations), failure: ex => new SpotAnswer(MarketDataProtocol.QuoteReply.Failing(new TimedOut(ex.Message)), chain, expirations));
    }

    private void OnSpot(SpotAnswer m)
    {
        var spec = _job.Spec;
        var (spot, missing) = m.Reply.Match(
            quoted => quoted.Quote is var q && (q.Last ?? (q.Bid is { } bid && q.Ask is { } ask ? (bid + ask) / 2 : q.Close)) is { } price and > 0
                ? (price, "")
                : (0, "no last, bid/ask or close"),
            failure => (0d, failure.Reason.Message));
        if (spot is not > 0)
        {
            Self.Tell(new RejectPlan($"no price for {spec.Symbol} to centre the strike window: {missing}"));
            return;
        }

        var pct = spec.StrikeWindowPct!.Value / 100;
        var strikes = m.Chain.Strikes.Where(s => s >= spot * (1 - pct) && s <= spot * (1 + pct)).Select(s => (decimal)s).ToList();
        PlanContracts(m.Expirations, strikes);
    }

    private void PlanContracts(IEnumerable<string> expirations, IEnumerable<decimal> strikes)
    {
        var spec = _job.Spec;
        Self.Tell(new AcceptPlan([.. from e in expirations from s in strikes from r in spec.Rights select ContractSpec.Option(spec.Symbol, e, s, r)]));
    }

    // ---- running ---------------------------------------------------------------------------

    private void Pump()
    {
        var wait = _deps.Options.JobRequestWait;
        foreach (var contract in _state.Open.Where(c => !_inFlight.Contains(c.Key)))
        {
            if (_inFlight.Count >= _deps.Options.JobConcurrency)
            {
                break;
            }

            var key = contract.Key;
            _inFlight.Add(key);
            _deps.History.Ask<HistoryProtocol.HistoryReply>(new HistoryProtocol.GetHistory(_job.Spec.QueryFor(contract), NotAfter.In(wait, Now), Bulk: true), wait + AskGrace)
                .PipeTo(Self, success: r => new Answered(key, r), failure: ex => new Answered(key, HistoryProtocol.HistoryReply.Failing(new TimedOut(ex.Message))));
        }
    }

    private void ReplyWithEstimate(IActorRef sender)
    {
        var remaining = _state.Remaining;
        if (_state.Status != HistoryJobStatus.Running || remaining == 0)
        {
            sender.Tell(new JobReply.Found(View()));
            return;
        }

        var view = View();
        _deps.History.Ask<HistoryProtocol.PacingOutlook>(new HistoryProtocol.EstimatePacing(remaining), TimeSpan.FromSeconds(2))
            .PipeTo(sender, success: o => new JobReply.Found(view with { EstimatedTimeLeft = o.Wait }), failure: _ => new JobReply.Found(view));
    }

    private sealed record ChainAnswer(OptionChainProtocol.OptionChainReply Reply);

    private sealed record SpotAnswer(MarketDataProtocol.QuoteReply Reply, OptionChain Chain, List<string> Expirations);

    private sealed record Answered(string Key, HistoryProtocol.HistoryReply Reply);

    private sealed record SettleNow { public static readonly SettleNow Instance = new(); }

    private sealed record ResumeNow { public static readonly ResumeNow Instance = new(); }
}
