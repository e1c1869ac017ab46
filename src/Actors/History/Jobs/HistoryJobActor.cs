using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using WheelStrat.Actors.Chains;
using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.Diagnostics;
using WheelStrat.Actors.MarketData;
using WheelStrat.Actors.Replies;

namespace WheelStrat.Actors.History.Jobs;

/// <summary>What a job needs from the rest of the system.</summary>
public sealed record HistoryJobDependencies(IActorRef History, IActorRef Chains, IActorRef MarketData, HistoryOptions Options, TimeProvider Time);

/// <summary>
/// One bulk-history job, persisted: plans its contracts once (chain, spot, strike window), then feeds
/// them to the history actor a few at a time — its pacing queue decides when IB is asked, and the
/// store means a contract already fetched costs nothing. After a restart it resumes where its
/// journal stops; nothing stored is fetched again.
/// </summary>
public sealed class HistoryJobActor : ObservedPersistentActor, IWithTimers
{
    private static readonly TimeSpan PlanningTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RetryAfterOutage = TimeSpan.FromSeconds(10);
    private const int MaxContracts = 2000;
    private const string SettleKey = "settle";

    private readonly string _id;
    private readonly HistoryJobSpec _spec;
    private readonly DateTimeOffset _submittedAt;
    private readonly HistoryJobDependencies _deps;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<string> _inFlight = [];
    private ImmutableList<ContractSpec>? _contracts;
    private ImmutableDictionary<string, (int Bars, int IbRequests)> _done = ImmutableDictionary<string, (int, int)>.Empty;
    private ImmutableDictionary<string, string> _failed = ImmutableDictionary<string, string>.Empty;
    private string? _planFailure;
    private bool _cancelled;
    private bool _planning;
    private DateTimeOffset? _finishedAt;

    public HistoryJobActor(string id, HistoryJobSpec spec, DateTimeOffset submittedAt, HistoryJobDependencies deps)
    {
        _id = id;
        _spec = spec;
        _submittedAt = submittedAt;
        _deps = deps;

        Recover<HistoryJobPlanned>(Apply);
        Recover<HistoryJobPlanFailed>(Apply);
        Recover<HistoryJobContractDone>(Apply);
        Recover<HistoryJobContractFailed>(Apply);
        Recover<HistoryJobCancelled>(Apply);
        Recover<RecoveryCompleted>(_ => Continue());

        Command<Planned>(m =>
        {
            if (_contracts is null)
            {
                Persist(new HistoryJobPlanned(m.Contracts, Now), e => { Apply(e); Continue(); });
            }
        });
        Command<PlanningFailed>(m => Persist(new HistoryJobPlanFailed(m.Reason, Now), e => { Apply(e); Continue(); }));
        Command<ChainAnswer>(OnChain);
        Command<SpotAnswer>(OnSpot);
        Command<Answered>(OnAnswered);
        Command<Resume>(_ => Pump());
        Command<HistoryJobsProtocol.GetJob>(_ => ReplyWithEstimate(Sender));
        Command<HistoryJobsProtocol.CancelJob>(_ => OnCancel());
        Command<SettleNow>(_ => Context.Parent.Tell(new HistoryJobsProtocol.Settle(View())));
        Command<HistoryJobSettled>(_ => Passivate());
    }

    public override string PersistenceId => $"history-job-{_id}";

    public ITimerScheduler Timers { get; set; } = null!;

    protected override string Kind => "history-job";

    protected override string? Owns => _id;

    private DateTimeOffset Now => _deps.Time.GetUtcNow();

    private bool Finished => _cancelled || _planFailure is not null || (_contracts is { } c && _done.Count + _failed.Count >= c.Count);

    private void Apply(object e)
    {
        switch (e)
        {
            case HistoryJobPlanned p:
                _contracts = [.. p.Contracts];
                _finishedAt = p.Contracts.Count == 0 ? p.At : null;
                break;
            case HistoryJobPlanFailed f:
                (_planFailure, _finishedAt) = (f.Reason, f.At);
                break;
            case HistoryJobContractDone d:
                _done = _done.SetItem(d.Key, (d.Bars, d.IbRequests));
                _finishedAt = Finished ? d.At : null;
                break;
            case HistoryJobContractFailed f:
                _failed = _failed.SetItem(f.Key, f.Error);
                _finishedAt = Finished ? f.At : null;
                break;
            case HistoryJobCancelled c:
                (_cancelled, _finishedAt) = (true, c.At);
                break;
        }
    }

    private void Continue()
    {
        Context.Parent.Tell(View());
        if (Finished)
        {
            Ended();
            return;
        }

        if (_contracts is null)
        {
            Plan();
            return;
        }

        Pump();
    }

    // ---- planning --------------------------------------------------------------------------

    private void Plan()
    {
        if (_planning)
        {
            return;
        }

        _planning = true;
        ReportState("planning");
        if (_spec.IsStock)
        {
            Self.Tell(new Planned([ContractSpec.Stock(_spec.Symbol)]));
            return;
        }

        if (_spec.Strikes is { } strikes && _spec.ExpirationFrom is { } from && from == _spec.ExpirationTo)
        {
            // Fully explicit: no chain needed, and expired contracts (no longer listed) can be named.
            PlanOrFail([from], strikes);
            return;
        }

        _deps.Chains.Ask<object>(new OptionChainProtocol.GetOptionChain(_spec.Symbol), PlanningTimeout)
            .PipeTo(Self, success: r => new ChainAnswer(r), failure: ex => new ChainAnswer(new TimedOut(ex.Message)));
    }

    private void OnChain(ChainAnswer m)
    {
        if (m.Reply is not OptionChain chain)
        {
            Self.Tell(new PlanningFailed($"no option chain for {_spec.Symbol}: {(m.Reply as Failed)?.Message}"));
            return;
        }

        var today = Now.UtcDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        var expirations = _spec.ExpirationsAhead is { } ahead
            ? chain.Expirations.Where(e => string.CompareOrdinal(e, today) >= 0).Take(ahead).ToList()
            : chain.Expirations.Where(e => string.CompareOrdinal(e, _spec.ExpirationFrom) >= 0 && string.CompareOrdinal(e, _spec.ExpirationTo) <= 0).ToList();
        if (expirations.Count == 0 && _spec.ExpirationFrom is { } from && from == _spec.ExpirationTo)
        {
            expirations = [from]; // an expired one: IB still has its history
        }

        if (expirations.Count == 0)
        {
            Self.Tell(new PlanningFailed($"no {_spec.Symbol} expiration in {_spec.ExpirationFrom}..{_spec.ExpirationTo}"));
            return;
        }

        if (_spec.Strikes is { } strikes)
        {
            PlanOrFail(expirations, strikes);
            return;
        }

        _deps.MarketData.Ask<object>(new MarketDataProtocol.GetQuote(ContractSpec.Stock(_spec.Symbol)), PlanningTimeout)
            .PipeTo(Self, success: r => new SpotAnswer(r, chain, expirations), failure: ex => new SpotAnswer(new TimedOut(ex.Message), chain, expirations));
    }

    private void OnSpot(SpotAnswer m)
    {
        var q = (m.Reply as MarketDataProtocol.QuoteReply)?.Quote;
        var spot = q?.Last ?? (q?.Bid is { } bid && q.Ask is { } ask ? (bid + ask) / 2 : q?.Close);
        if (spot is not > 0)
        {
            Self.Tell(new PlanningFailed($"no price for {_spec.Symbol} to centre the strike window: {(m.Reply as Failed)?.Message ?? "no last, bid/ask or close"}"));
            return;
        }

        var pct = _spec.StrikeWindowPct!.Value / 100;
        var strikes = m.Chain.Strikes.Where(s => s >= spot * (1 - pct) && s <= spot * (1 + pct)).Select(s => (decimal)s).ToList();
        PlanOrFail(m.Expirations, strikes);
    }

    private void PlanOrFail(IEnumerable<string> expirations, IEnumerable<decimal> strikes)
    {
        var contracts = (from e in expirations from s in strikes from r in _spec.Rights select ContractSpec.Option(_spec.Symbol, e, s, r)).ToImmutableList();
        Self.Tell(contracts.Count <= MaxContracts
            ? new Planned(contracts)
            : new PlanningFailed($"{contracts.Count} contracts is more than {MaxContracts}: narrow the expirations or the strike window"));
    }

    // ---- running ---------------------------------------------------------------------------

    private void Pump()
    {
        if (Finished || _contracts is null)
        {
            return;
        }

        ReportState("running");
        var wait = _deps.Options.JobRequestWait;
        foreach (var contract in _contracts.Where(c => !_done.ContainsKey(c.Key) && !_failed.ContainsKey(c.Key) && !_inFlight.Contains(c.Key)))
        {
            if (_inFlight.Count >= _deps.Options.JobConcurrency)
            {
                break;
            }

            var key = contract.Key;
            _inFlight.Add(key);
            _deps.History.Ask<object>(new HistoryProtocol.GetHistory(_spec.QueryFor(contract), wait, Bulk: true), wait + TimeSpan.FromSeconds(5))
                .PipeTo(Self, success: r => new Answered(key, r), failure: ex => new Answered(key, new TimedOut(ex.Message)));
        }
    }

    private void OnAnswered(Answered m)
    {
        _inFlight.Remove(m.Key);
        if (Finished)
        {
            return;
        }

        switch (m.Reply)
        {
            case HistoryResult r:
                Persist(new HistoryJobContractDone(m.Key, r.Bars.Count, r.IbRequests, Now), e => Progressed(e));
                break;
            case Unavailable u:
                // The gateway is away: not this contract's fault; try again when it may be back.
                _log.Info("History job {JobId}: {Contract} waits for the gateway ({Reason})", _id, m.Key, u.Message);
                Timers.StartSingleTimer("resume", Resume.Instance, RetryAfterOutage);
                break;
            case Busy b:
                // Interactive callers had the pacing budget: not this contract's fault either; its turn comes.
                _log.Info("History job {JobId}: {Contract} yields to interactive callers for {RetryAfter}", _id, m.Key, b.RetryAfter);
                Timers.StartSingleTimer("resume", Resume.Instance, b.RetryAfter);
                break;
            case Failed f:
                Persist(new HistoryJobContractFailed(m.Key, f.Message, Now), e => Progressed(e));
                break;
        }
    }

    private void Progressed(object e)
    {
        Apply(e);
        Context.Parent.Tell(View());
        if (Finished)
        {
            Ended();
            _log.Info("History job {JobId} {State}: {Done} done, {Failed} failed", _id, State, _done.Count, _failed.Count);
            return;
        }

        Pump();
    }

    private void OnCancel()
    {
        if (Finished)
        {
            Sender.Tell(View());
            return;
        }

        var sender = Sender;
        Persist(new HistoryJobCancelled(Now), e =>
        {
            Apply(e);
            Ended();
            var view = View();
            Context.Parent.Tell(view);
            sender.Tell(view);
        });
    }

    /// <summary>Finished for good: after a while the manager takes over its view and this actor stops.</summary>
    private void Ended()
    {
        ReportState(State);
        Timers.StartSingleTimer(SettleKey, SettleNow.Instance, _deps.Options.JobPassivateAfter);
    }

    private void ReplyWithEstimate(IActorRef sender)
    {
        var view = View();
        var remaining = view.Planned - view.Done - view.Failed;
        if (Finished || _contracts is null || remaining == 0)
        {
            sender.Tell(view);
            return;
        }

        _deps.History.Ask<HistoryProtocol.PacingOutlook>(new HistoryProtocol.EstimatePacing(remaining), TimeSpan.FromSeconds(2))
            .PipeTo(sender, success: o => view with { EstimatedTimeLeft = o.Wait }, failure: _ => view);
    }

    private string State => _cancelled ? "cancelled" : _planFailure is not null ? "failed" : _contracts is null ? "planning" : Finished ? "completed" : "running";

    private HistoryJobView View() => new(
        _id,
        _spec,
        State,
        _contracts?.Count ?? 0,
        _done.Count,
        _failed.Count,
        _done.Values.Sum(d => (long)d.Bars),
        _done.Values.Sum(d => d.IbRequests),
        null,
        _failed,
        _submittedAt,
        _finishedAt,
        _planFailure);

    private sealed record Planned(ImmutableList<ContractSpec> Contracts);

    private sealed record PlanningFailed(string Reason);

    private sealed record ChainAnswer(object Reply);

    private sealed record SpotAnswer(object Reply, OptionChain Chain, List<string> Expirations);

    private sealed record Answered(string Key, object Reply);

    private sealed class SettleNow
    {
        public static readonly SettleNow Instance = new();

        private SettleNow()
        {
        }
    }

    private sealed class Resume
    {
        public static readonly Resume Instance = new();

        private Resume()
        {
        }
    }
}
