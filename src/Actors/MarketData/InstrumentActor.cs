using Akka.Actor;
using WheelStrat.Actors.Diagnostics;
using Akka.Event;
using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.Gateway;
using WheelStrat.Actors.Replies;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Replies;
using WheelStrat.Actors.Gateway.Requests;
using static WheelStrat.Actors.Gateway.GatewayProtocol;
using static WheelStrat.Actors.MarketData.MarketDataProtocol;

namespace WheelStrat.Actors.MarketData;

/// <summary>
/// One instrument's market-data line, however many callers. Qualifies the contract, holds one
/// reqMktData (an <see cref="IbSubscriptionActor"/> child: it owns the request, and cancels it when stopped), keeps
/// the latest snapshot, answers waiters when it is complete or once the line has
/// settled (IB has sent what it will: <see cref="MarketDataOptions.QuoteSettle"/> after its first ticks), at
/// their deadline only when the line sent nothing, re-requests the line exactly once per resubscribe notice
/// and at most once per error cause between notices (a gateway that repeats 10089 must not turn it into a
/// request loop), detects a line that went silent, and cancels it when idle.
/// </summary>
public sealed class InstrumentActor : ObservedActor, IWithTimers
{
    protected override string Kind => "instrument";

    protected override string? Owns => _spec.Key;

    private const string HousekeepingKey = "housekeeping";
    private const string SettleKey = "settle";
    private const string PushKey = "push";
    private static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(30);

    private readonly ContractSpec _spec;
    private readonly IActorRef _gateway;
    private readonly IActorRef _contracts;
    private readonly MarketDataOptions _options;
    private readonly GatewayHealthBoard _health;
    private readonly TimeProvider _time;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly QuoteState _state;
    private readonly Dictionary<long, IActorRef> _waiters = [];

    /// <summary>Streams watching this line; they get the latest quote at most once per StreamInterval.</summary>
    private readonly HashSet<IActorRef> _subscribers = [];

    /// <summary>Subscribers that asked before IB qualified the contract: acknowledged (or refused) once it answers.</summary>
    private readonly List<IActorRef> _unacknowledged = [];

    /// <summary>Ticks arrived since the subscribers' last quote.</summary>
    private bool _changed;

    /// <summary>A /quote caller used this line: when the last stream leaves, it stays for the idle timeout.</summary>
    private bool _quoted;
    private long _nextWaiter;
    private Contract? _contract;

    /// <summary>The reqMktData child: asked for while not <see cref="_open"/>, streaming once it is.</summary>
    private IActorRef? _line;
    private bool _open;

    /// <summary>This line's first ticks are QuoteSettle old: what IB will send has arrived, so callers get the state at once.</summary>
    private bool _settled;

    /// <summary>The short settle of a complete burst has replaced the longer one for an incomplete line.</summary>
    private bool _settlingComplete;
    private DateTimeOffset _lastAsked;
    private DateTimeOffset _lastTick;
    private DateTimeOffset? _competingSince;

    /// <summary>The session already asks for delayed data: a live-data refusal changes nothing on the wire.</summary>
    private bool _delayed;

    /// <summary>Error codes that already cost a re-request since the last resubscribe notice.</summary>
    private readonly HashSet<int> _reRequestedFor = [];

    public InstrumentActor(ContractSpec spec, IActorRef gateway, IActorRef contracts, MarketDataOptions options, GatewayHealthBoard health, TimeProvider time, bool delayed = false)
    {
        _delayed = delayed;
        _spec = spec;
        _gateway = gateway;
        _contracts = contracts;
        _options = options;
        _health = health;
        _time = time;
        _state = new QuoteState(spec.Key, spec.IsOption);
        _lastAsked = _lastTick = time.GetUtcNow();

        Receive<GetQuote>(OnGetQuote);
        Receive<SubscribeQuotes>(_ => OnSubscribe());
        Receive<Terminated>(t => OnSubscriberGone(t.ActorRef));
        Receive<PushQuote>(_ => Push());
        Receive<WaiterDeadline>(m => Answer(m.Id));
        Receive<ContractsProtocol.Qualified>(OnQualified);
        Receive<ContractsProtocol.NotQualified>(m => OnQualifyFailed(m.Failure));
        // What an earlier line (stopped, replaced) still had in flight is not this line's.
        Receive<object>(m => m is (IRequestReply or ErrMsg or IbRequestProtocol.SubscriptionOpened or IbRequestProtocol.RequestFailed) && !Sender.Equals(_line), _ => { });
        Receive<IbRequestProtocol.SubscriptionOpened>(_ => OnOpened());
        Receive<IbRequestProtocol.RequestFailed>(OnNotStarted);
        Receive<IRequestReply>(OnTick);
        Receive<ErrMsg>(OnError);
        Receive<DelayedDataEnabled>(_ =>
        {
            _delayed = true;
            Request();
        });
        Receive<Resubscribe>(m =>
        {
            _reRequestedFor.Clear();
            Request();
        });
        Receive<Housekeeping>(_ => OnHousekeeping());
        Receive<Settled>(_ =>
        {
            _settled = true;
            AnswerAll();
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => _time.GetUtcNow();

    private TimeSpan Wait => _spec.IsOption ? _options.OptionQuoteWait : _options.StockQuoteWait;

    protected override void PreStart()
    {
        BridgeMetrics.MarketDataLines.Add(1);
        _contracts.Tell(new ContractsProtocol.Qualify(_spec));
        ReportState("qualifying");
        var every = TimeSpan.FromTicks(Math.Min(_options.IdleTimeout.Ticks, _options.SilentAfter.Ticks) / 4);
        Timers.StartPeriodicTimer(HousekeepingKey, Housekeeping.Instance, every);
    }

    protected override void PostStop()
    {
        // The line child stops with this actor, and so is cancelled at IB.
        BridgeMetrics.MarketDataLines.Add(-1);
        foreach (var waiter in _waiters.Values)
        {
            waiter.Tell(QuoteReply.Failing(new Unavailable($"the market-data line for {_spec.Key} was released")));
        }

        foreach (var subscriber in _subscribers)
        {
            subscriber.Tell(new QuoteLineClosed(_spec.Key, $"the market-data line for {_spec.Key} was released"));
        }
    }

    private void OnSubscribe()
    {
        if (_subscribers.Add(Sender))
        {
            Context.Watch(Sender);
            if (_subscribers.Count == 1)
            {
                Context.Parent.Tell(new LineStreamed(_spec.Key, true));
            }
        }

        if (_contract is null)
        {
            _unacknowledged.Add(Sender);
            return;
        }

        Acknowledge(Sender);
    }

    private void Acknowledge(IActorRef subscriber)
    {
        subscriber.Tell(new QuotesSubscribed(_spec.Key));
        if (_state.AsOf is not null)
        {
            subscriber.Tell(new QuoteUpdate(Snapshot()));
        }
    }

    private void OnSubscriberGone(IActorRef subscriber)
    {
        if (!_subscribers.Remove(subscriber) || _subscribers.Count > 0)
        {
            return;
        }

        Context.Parent.Tell(new LineStreamed(_spec.Key, false));
        // The last stream left: a line only streams used is released now; one /quote also uses keeps its idle timeout.
        if (!_quoted || Now - _lastAsked >= _options.IdleTimeout)
        {
            _log.Info("Releasing market-data line for {InstrumentKey}: its last stream left", _spec.Key);
            Context.Stop(Self);
        }
    }

    /// <summary>At most one quote per StreamInterval goes out, the latest: a fast tape cannot flood a slow phone.</summary>
    private void Push()
    {
        if (!_changed)
        {
            return;
        }

        _changed = false;
        var update = new QuoteUpdate(Snapshot());
        foreach (var subscriber in _subscribers)
        {
            subscriber.Tell(update);
        }

        Timers.StartSingleTimer(PushKey, PushQuote.Instance, _options.StreamInterval);
    }

    private void OnGetQuote(GetQuote m)
    {
        if (Sender.AnsweredLate(m, Now))
        {
            return;
        }

        // The line's own wait, cut short by the caller's deadline.
        var wait = m.NotAfter.AtMost(Wait, Now).Remaining(Now);
        _lastAsked = Now;
        _quoted = true;
        if (_state.IsComplete || _settled)
        {
            Sender.Tell(new QuoteReply.Quoted(Snapshot()));
            return;
        }

        // With the gateway down, waiting cannot help: answer at once with what there is.
        if (!_health.Current.Connected)
        {
            Sender.Tell(_state.AsOf is null
                ? QuoteReply.Failing(new Unavailable($"no market data for {_spec.Key}: not connected to IB Gateway"))
                : new QuoteReply.Quoted(Snapshot()));
            return;
        }

        var id = _nextWaiter++;
        _waiters[id] = Sender;
        Timers.StartSingleTimer(id, new WaiterDeadline(id), wait);
        if (_line is null)
        {
            // The last request was never sent (queue, 101): this caller asks again.
            Request();
        }
    }

    /// <summary>The line child was never sent, and has stopped.</summary>
    private void OnNotStarted(IbRequestProtocol.RequestFailed m)
    {
        DropLine();
        _state.Note($"not subscribed: {m.Failure.Message}");
        if (m.Failure is TimedOut && _state.AsOf is null)
        {
            // IB was never asked: waiting longer cannot give these callers a quote.
            foreach (var waiter in _waiters.Values)
            {
                waiter.Tell(QuoteReply.Failing(new TimedOut($"IB was not asked for {_spec.Key} in time: {m.Failure.Message}")));
            }

            foreach (var id in _waiters.Keys)
            {
                Timers.Cancel(id);
            }

            _waiters.Clear();
        }
    }

    private void OnQualified(ContractsProtocol.Qualified m)
    {
        _contract = m.Details.Contract with { Exchange = _spec.Exchange };
        _state.ConId = m.Details.Contract.ConId;
        foreach (var subscriber in _unacknowledged)
        {
            Acknowledge(subscriber);
        }

        _unacknowledged.Clear();
        Request();
    }

    private void OnQualifyFailed(Failed failure)
    {
        foreach (var waiter in _waiters.Values)
        {
            waiter.Tell(QuoteReply.Failing(failure));
        }

        _waiters.Clear();
        foreach (var subscriber in _subscribers)
        {
            subscriber.Tell(new QuotesRefused(_spec.Key, failure));
        }

        _subscribers.Clear();
        _unacknowledged.Clear();
        Context.Stop(Self);
    }

    /// <summary>
    /// Asks IB for the line with a new child, replacing the one streaming. The old one is stopped, so cancelled at
    /// IB, unless its session ended (then IB forgot it already). One still being asked for is left to finish.
    /// </summary>
    private void Request()
    {
        if (_contract is null || (_line is not null && !_open))
        {
            return;
        }

        DropLine();
        ReportState("requesting");
        // A request still queued when its callers have been answered is not worth a message.
        _line = Context.ActorOf(IbRequests.Subscribe(_gateway, new MarketDataRequest(_contract, _options.GenericTicks), notAfter: Now + Wait));
    }

    private void DropLine()
    {
        if (_line is { } line)
        {
            Context.Stop(line);
        }

        _line = null;
        _open = false;
    }

    private void OnOpened()
    {
        _open = true;
        _settled = _settlingComplete = false;
        Timers.Cancel(SettleKey);
        _lastTick = Now;
        ReportState("streaming");
        _log.Debug("Market data line for {InstrumentKey} sent to IB", _spec.Key);
    }

    private void OnTick(IRequestReply tick)
    {
        _lastTick = Now;
        _state.Apply(tick, _lastTick);
        if (tick is TickPrice or TickSize)
        {
            // Data flows again: whatever competing session IB reported has ended.
            _competingSince = null;
        }

        if (_subscribers.Count > 0)
        {
            _changed = true;
            if (!Timers.IsTimerActive(PushKey))
            {
                Push();
            }
        }

        // IB sends a snapshot as a burst; let the rest of it (model greeks, sizes, generic ticks) land. A complete
        // quote needs only a moment more; an incomplete one waits a little longer for what may still come.
        if (_settled || _settlingComplete)
        {
            return;
        }

        if (_state.IsComplete)
        {
            _settlingComplete = true;
            Timers.StartSingleTimer(SettleKey, Settled.Instance, SettleTime);
        }
        else if (!Timers.IsTimerActive(SettleKey))
        {
            Timers.StartSingleTimer(SettleKey, Settled.Instance, _options.QuoteSettle);
        }
    }

    private void AnswerAll()
    {
        foreach (var id in _waiters.Keys.ToList())
        {
            Answer(id);
        }
    }

    private void OnError(ErrMsg e)
    {
        switch (e.Code)
        {
            case 10089 or 354 or 10168 when _delayed || !_reRequestedFor.Add(e.Code):
                // Already on delayed data, or this cause already cost a re-request: IB repeats these notices,
                // and answering each with a new request is a loop that floods the session.
                _state.Note($"live data not subscribed ({e.Code}); using delayed data");
                break;
            case 10089 or 354 or 10168:
                _state.Note($"live data not subscribed ({e.Code}); using delayed data");
                Context.Parent.Tell(new NeedDelayedData(_spec.Key));
                break;
            case 10167:
                _state.Note("delayed data (10167)");
                break;
            case 10197:
                _competingSince ??= Now;
                break;
            case 101:
                Context.Parent.Tell(new LinesExhausted(_spec.Key));
                DropLine();
                break;
            case 200:
                OnQualifyFailed(new NotFound(e.Message, e.Code));
                break;
            default:
                _state.Note($"IB {e.Code}: {e.Message}");
                break;
        }
    }

    private void OnHousekeeping()
    {
        if (_subscribers.Count == 0 && Now - _lastAsked >= _options.IdleTimeout)
        {
            _log.Info("Releasing idle market-data line for {InstrumentKey}", _spec.Key);
            Context.Stop(Self);
            return;
        }

        // A feed that stopped while the gateway and the line's farm are fine is re-requested; so is one a
        // competing session silenced (IB's advice: request again later), at most once per SilentAfter.
        var health = _health.Current;
        var gatewayFine = health.Connected && !health.IbConnectivityLost && DataFarms.BrokenFeed(health, _spec.IsOption) is null;
        if (_open && gatewayFine && Now - _lastTick >= _options.SilentAfter)
        {
            _log.Warning("Market-data line for {InstrumentKey} silent since {LastTick}; requesting it again", _spec.Key, _lastTick);
            Request();
        }
    }

    private void Answer(long waiterId)
    {
        if (!_waiters.Remove(waiterId, out var waiter))
        {
            return;
        }

        Timers.Cancel(waiterId);
        waiter.Tell(_contract is null
            ? QuoteReply.Failing(new TimedOut($"IB did not qualify {_spec.Key} in time"))
            : new QuoteReply.Quoted(Snapshot()));
    }

    private QuoteSnapshot Snapshot()
    {
        var snapshot = _state.Snapshot();
        return QuoteFreshness.Assess(_health.Current, _spec.IsOption, _state.AsOf, _competingSince, Now, _options.StaleAfter) is { } stale
            ? snapshot with { Stale = true, StaleReason = stale.Reason, StaleSince = stale.Since }
            : snapshot;
    }

    private sealed record WaiterDeadline(long Id);

    private sealed record PushQuote { public static readonly PushQuote Instance = new(); }

    private sealed record Settled { public static readonly Settled Instance = new(); }

    private sealed record Housekeeping { public static readonly Housekeeping Instance = new(); }
}
