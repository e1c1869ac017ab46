using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.Diagnostics;
using WheelStrat.Actors.Gateway;
using WheelStrat.Actors.MarketData;
using WheelStrat.Actors.Replies;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Replies;
using static WheelStrat.Actors.Gateway.GatewayProtocol;
using static WheelStrat.Actors.Orders.OrdersProtocol;
using IbCancelOrder = WheelStrat.Tws.Messages.Requests.CancelOrder;
using IbPlaceOrder = WheelStrat.Tws.Messages.Requests.PlaceOrder;
using Order = WheelStrat.Tws.Messages.Order;

namespace WheelStrat.Actors.Orders;

/// <summary>
/// One order, a sharded entity keyed by the client's idempotency key, event-sourced. validate → rules → qualify →
/// journal OrderAccepted → journal the order id → placeOrder (orderRef = key) → follow IB's statuses
/// to a final state. A retry with the same key never sends a second placeOrder; after a restart an
/// order whose fate is unknown is looked up at IB by orderRef before anything is sent again.
/// </summary>
public sealed class OrderActor : ObservedPersistentActor, IWithTimers
{
    private const string SubmitWaitKey = "submit-wait";
    private const string SendKey = "send";
    private const string PassivateKey = "passivate";

    private readonly string _key;
    private readonly IActorRef _gateway;
    private readonly IActorRef _index;
    private readonly IActorRef _region;
    private readonly IActorRef _contracts;
    private readonly IActorRef _marketData;
    private readonly SafetyOptions _safety;
    private readonly GatewayHealthBoard _health;
    private readonly TimeProvider _time;
    private readonly TimeSpan _submitWait;
    private readonly TimeSpan _passivateAfter;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly List<IActorRef> _waiters = [];
    private int _orderIdFloor;
    private OrderState _record = OrderState.Empty;

    // Not journaled: what this incarnation knows of the session. A placeOrder handed to the gateway and not yet
    // confirmed sent cannot be in IB's lists, so a lookup that misses it proves nothing.
    private bool _sending;
    private bool _askedForLookup;
    private DateTimeOffset? _uncertainSince;

    // Pre-acceptance work, not journaled: nothing exists until OrderAccepted.
    private OrderTicket? _pending;
    private QuoteSnapshot? _quote;
    private bool _quoteDone;
    private Contract? _contract;

    /// <param name="index">The <see cref="OrderIndex"/>: it lists the order and reconciles it with IB.</param>
    /// <param name="region">The order shard region, for messages that must reach this order's next incarnation.</param>
    public OrderActor(string key, OrderDependencies deps, IActorRef index, IActorRef region)
    {
        _key = key;
        _index = index;
        _region = region;
        _gateway = deps.Gateway;
        _contracts = deps.Contracts;
        _marketData = deps.MarketData;
        _safety = deps.Safety;
        _health = deps.Health;
        _time = deps.Time;
        _submitWait = deps.Safety.SubmitWait;
        _passivateAfter = deps.Safety.PassivateAfter;

        Recover<IOrderEvent>(e => _record = _record.Apply(e));
        Recover<SnapshotOffer>(o => _record = (OrderState)o.Snapshot);
        Recover<RecoveryCompleted>(_ => AfterRecovery());

        Command<Place>(m =>
        {
            RaiseFloor(m.OrderIdFloor);
            OnPlace(m.Order);
        });
        Command<WakeUp>(m => RaiseFloor(m.OrderIdFloor));
        Command<MarketDataProtocol.QuoteReply>(m => QuoteArrived(m.Quote));
        Command<Failed>(_ => QuoteArrived(null));
        Command<ContractsProtocol.Qualified>(m =>
        {
            _contract = m.Details.Contract with { Exchange = m.Spec.Exchange };
            _pending = _pending?.OnTick(m.Details.MinTick);
            Continue();
        });
        Command<ContractsProtocol.NotQualified>(m => Refuse(m.Failure));
        Command<OrderIdAllocated>(OnOrderId);
        Command<GatewayUnavailable>(OnNotSent);
        Command<OrderStatus>(m =>
        {
            Heard();
            Persist(new OrderStatusReported(m.Status, m.Filled ?? 0, m.Remaining ?? 0, m.AvgFillPrice, m.LastFillPrice, m.PermId, Now), Journaled);
        });
        Command<OpenOrder>(_ => HeardAndShown());
        Command<ExecutionObserved>(OnExecution);
        Command<ErrMsg>(OnIbError);
        Command<GatewayDisconnected>(_ => BecomeUncertain(Now));
        Command<SubmitWaitOver>(_ =>
        {
            if (_record.Status is "New" or "PendingSubmit")
            {
                // Sent, and IB has said nothing: the caller hears that plainly, not a success.
                BecomeUncertain(_record.UpdatedAt ?? Now);
            }

            AnswerWaiters();
        });
        Command<SendNow>(_ => Send());
        Command<PassivateNow>(_ =>
        {
            if (Idle)
            {
                // The shard holds this order's messages from now on and answers with StopNow.
                Context.Parent.Tell(new Passivate(StopNow.Instance));
                Become(Passivating);
            }
        });
        Command<StopNow>(_ => Passivate());
        Command<ReconcileFinding>(OnReconciled);
        Command<OrdersProtocol.CancelOrder>(_ => OnCancel());
        Command<GetOrder>(_ => Sender.Tell(_record.Exists ? View() : new NotFound($"no order {_key}")));
        DeleteWhatSnapshotsCover("order " + key);
    }

    public override string PersistenceId => "order-" + _key;

    public ITimerScheduler Timers { get; set; } = null!;

    protected override string Kind => "order";

    protected override string? Owns => _key;

    private DateTimeOffset Now => _time.GetUtcNow();

    protected override void PreStart()
    {
        // A drop ends what this order can know of IB: until a new session's lookup answers, it is uncertain.
        Context.System.EventStream.Subscribe(Self, typeof(GatewayDisconnected));
        base.PreStart();
    }

    private OrderView View() => OrderView.Of(_record, _uncertainSince);

    private void RaiseFloor(int floor) => _orderIdFloor = Math.Max(_orderIdFloor, floor);

    /// <summary>
    /// Asked to passivate, waiting for the shard's StopNow. What arrived in between was sent before the shard began
    /// holding this order's messages: it goes back through the region, and the shard gives it to the next incarnation.
    /// </summary>
    private void Passivating()
    {
        Command<StopNow>(_ =>
        {
            foreach (var held in Stash.ClearStash())
            {
                _region.Tell(new ShardingEnvelope(_key, held.Message), held.Sender);
            }

            Passivate();
        });
        CommandAny(_ => Stash.Stash());
    }

    /// <summary>Nothing to wait for: a final order, or a key with no order (refused, or not sent), and no caller waiting.</summary>
    private bool Idle => (_record.IsFinal || !_record.Exists) && _pending is null && _waiters.Count == 0;

    private void AfterRecovery()
    {
        if (!_record.Exists)
        {
            return;
        }

        ReportState(_record.Status);
        if (!_record.IsFinal)
        {
            // A new incarnation has heard nothing from IB yet; the reconciler looks every unfinished order up.
            _uncertainSince = Now;
        }

        _index.Tell(new OrderChanged(View()));
        if (_record.IsFinal)
        {
            Timers.StartSingleTimer(PassivateKey, PassivateNow.Instance, _passivateAfter);
            return;
        }

        if (_record.NeedsReconciliation)
        {
            // Accepted before a restart with no word from IB: it may or may not have reached IB.
            _log.Warning("Order {IdempotencyKey} was accepted before a restart with no word from IB; looking it up by orderRef", _key);
            _askedForLookup = true;
            _index.Tell(new Reconcile([_key]));
        }
        else
        {
            _gateway.Tell(new ClaimOrder(_record.OrderId!.Value));
        }
    }

    private void OnPlace(PlaceOrder m)
    {
        var existing = _record.Exists ? _record.Ticket : _pending;
        if (existing is not null)
        {
            if (existing.Fingerprint != m.Ticket.Fingerprint)
            {
                Sender.Tell(new KeyConflict(_key, _record.Exists ? View() : OrderView.Of(Provisional(existing))));
            }
            else if (_record.Exists && _waiters.Count == 0)
            {
                Sender.Tell(new OrderPlaced(View(), Existing: true));
            }
            else
            {
                _waiters.Add(Sender);
            }

            return;
        }

        _pending = m.Ticket;
        _waiters.Add(Sender);
        ReportState("checking");
        if (SafetyRules.Check(m.Ticket, null, _safety) is { Rule: SafetyRules.ReadOnly } readOnly)
        {
            Refuse(readOnly);
            return;
        }

        var health = _health.Current;
        if (!health.Connected)
        {
            Refuse(new Unavailable("not connected to IB Gateway; nothing was sent"));
            return;
        }

        if (health.IbConnectivityLost)
        {
            Refuse(new Unavailable("IB Gateway has lost its connection to IB (1100); nothing was sent"));
            return;
        }

        if (health.ReadOnlySince is { } since)
        {
            // IB refused an order with 321 in this session; every order would meet the same, so none is sent.
            Refuse(new Rejected(
                $"IB Gateway's API is read-only (error 321 since {since:O}); nothing was sent. Un-tick 'Read-Only API' in the gateway's API settings; the next session trades again",
                IbCode: IbCodes.ReadOnly));
            return;
        }

        _marketData.Tell(new MarketDataProtocol.GetQuote(m.Ticket.Spec));
        _contracts.Tell(new ContractsProtocol.Qualify(m.Ticket.Spec));
    }

    private void QuoteArrived(QuoteSnapshot? quote)
    {
        _quote = quote;
        _quoteDone = true;
        Continue();
    }

    /// <summary>Once both the quote and the contract are in: the rules, then the journal, then IB.</summary>
    private void Continue()
    {
        if (_pending is not { } ticket || !_quoteDone || _contract is null || _record.Exists)
        {
            return;
        }

        if (SafetyRules.Check(ticket, _quote, _safety) is { } refusal)
        {
            Refuse(refusal);
            return;
        }

        Persist(new OrderAccepted(_key, ticket, _contract, Now), e =>
        {
            _pending = null;
            Journaled(e);
            if (_safety.PauseBeforeSendForTests > TimeSpan.Zero)
            {
                Timers.StartSingleTimer(SendKey, SendNow.Instance, _safety.PauseBeforeSendForTests);
            }
            else
            {
                Send();
            }
        });
    }

    /// <summary>The gateway gives the id and sends in one step; the id is journaled once it is known.</summary>
    private void Send()
    {
        _sending = true;
        var order = _record.Ticket!.ToOrder() with { OrderRef = _key };
        // Not placed at all rather than placed late: an order that cannot leave within SubmitWait is answered unsent.
        _gateway.Tell(new PlaceNewOrder(_record.Contract!, order, _orderIdFloor, Now + _submitWait));
    }

    private void OnOrderId(OrderIdAllocated m)
    {
        _sending = false;
        _log.Info("Placed order {OrderId} for {IdempotencyKey}: {Ticket}", m.OrderId, _key, _record.Ticket!.Fingerprint);
        PersistAll(new IOrderEvent[] { new OrderIdAssigned(m.OrderId, Now), new OrderSubmitted(Now) }, Journaled);
        Timers.StartSingleTimer(SubmitWaitKey, new SubmitWaitOver(), _submitWait);
    }

    /// <summary>
    /// The gateway could not send the placeOrder. A caller still waiting on a first send gets 503 and the key is
    /// freed (nothing reached IB). An order sent again after a lookup stays accepted: the next session's lookup
    /// sends it then.
    /// </summary>
    private void OnNotSent(GatewayUnavailable m)
    {
        _sending = false;
        if (!_record.Submitted && _waiters.Count > 0)
        {
            Persist(new OrderNotSent(m.Reason, Now), e =>
            {
                _log.Info("Order {IdempotencyKey} was not sent ({Reason}); its key is free again", _key, e.Reason);
                _record = _record.Apply(e);
                _index.Tell(new OrderWithdrawn(_key));
                TellWaiters(new Unavailable($"not sent to IB: {e.Reason}; nothing was placed, retry with the same key"));
                StartOver();
            });
            return;
        }

        BecomeUncertain(Now);
        Persist(new OrderNoticed(0, $"not sent: {m.Reason}; the next session's lookup sends it if IB does not have it", Now), Journaled);
    }

    private void OnExecution(ExecutionObserved m)
    {
        Heard();
        if (_record.DecideExecution(m.ExecId, m.Shares, m.Price, Now) is { } e)
        {
            Persist(e, Journaled);
            return;
        }

        _index.Tell(new OrderChanged(View()));
    }

    private void OnIbError(ErrMsg e)
    {
        Heard();
        var (ev, sendAgain) = _record.DecideError(e.Code, e.Message, Now);
        if (!sendAgain)
        {
            Persist(ev, Journaled);
            return;
        }

        // IB refused the id itself, so this order is not at IB: re-sync ids and use a higher one.
        _orderIdFloor = _record.OrderId!.Value + 1;
        Persist(ev, x =>
        {
            Journaled(x);
            _gateway.Tell(new SendRequest(new Tws.Messages.Requests.ReqIds()));
            Send();
        });
    }

    private void OnCancel()
    {
        var (refusal, final, cancel) = _record.DecideCancel(Now);
        if (cancel is null)
        {
            Sender.Tell(refusal ?? (object)new AlreadyFinal(final!));
            return;
        }

        var replyTo = Sender;
        var orderId = _record.OrderId!.Value;
        Persist(cancel, e =>
        {
            Journaled(e);
            _gateway.Tell(new SendRequest(new IbCancelOrder(orderId)));
            replyTo.Tell(View());
        });
    }

    /// <summary>
    /// What a lookup at IB found (every new session looks up every unfinished order). IB's word replaces the
    /// journal's: found working, completed or only in executions, the order takes IB's status and quantities.
    /// Found nowhere, it is placed again only if IB never said anything of it; an order IB acknowledged is never
    /// sent twice, it stays uncertain with a notice for a person to check.
    /// </summary>
    private void OnReconciled(ReconcileFinding m)
    {
        if (!_record.Exists || _record.IsFinal)
        {
            return;
        }

        if (m.Where == IbOrderPlace.NotAtIb)
        {
            OnNotFoundAtIb();
            return;
        }

        var asked = _askedForLookup;
        _askedForLookup = false;
        _uncertainSince = null;
        var wasUnknown = _record.NeedsReconciliation;
        var events = _record.DecideFound(m, asked, Now);
        if (m.Where != IbOrderPlace.Completed && (m.OrderId ?? _record.OrderId) is { } orderId)
        {
            _gateway.Tell(new ClaimOrder(orderId));
        }

        if (events.Count == 0)
        {
            _index.Tell(new OrderChanged(View()));
            return;
        }

        PersistAll(events, Journaled);
        if (wasUnknown && m.Where != IbOrderPlace.Completed && _record.StatusAtIb(m) != "Filled")
        {
            // Its statuses come to this actor now that it is claimed: ask IB for them again.
            _index.Tell(RefreshOpenOrders.Instance);
        }
    }

    private void OnNotFoundAtIb()
    {
        if (_sending)
        {
            // Its placeOrder is still on its way out: the lists IB gave could not have held it yet.
            return;
        }

        if (_record.NeedsReconciliation && _record.LastHeardAt is null)
        {
            // Not open, not completed, not executed, and IB never said a word of it: it never arrived. Place it now,
            // once, with a fresh id.
            _orderIdFloor = Math.Max(_orderIdFloor, (_record.OrderId ?? 0) + 1);
            Persist(new OrderNoticed(0, "not found at IB; placing it now", Now), e =>
            {
                Journaled(e);
                Send();
            });
            return;
        }

        _log.Warning("Order {IdempotencyKey} ({Status} at IB before) is in none of IB's lists; it stays uncertain and is not sent again", _key, _record.Status);
        BecomeUncertain(Now);
        _index.Tell(new OrderChanged(View()));
    }

    /// <summary>IB said something of this order in this session.</summary>
    private void Heard() => _uncertainSince = null;

    private void HeardAndShown()
    {
        if (_uncertainSince is not null)
        {
            Heard();
            _index.Tell(new OrderChanged(View()));
        }
    }

    private void BecomeUncertain(DateTimeOffset since)
    {
        if (_uncertainSince is not null || !_record.Exists || _record.IsFinal || !_record.Submitted)
        {
            return;
        }

        _uncertainSince = since;
        _index.Tell(new OrderChanged(View()));
    }

    private void Journaled(IOrderEvent e)
    {
        var before = _record.Status;
        _record = _record.Apply(e);
        if (LastSequenceNr % _safety.SnapshotEvery == 0)
        {
            SaveSnapshot(_record);
        }

        if (_record.Status != before)
        {
            BridgeMetrics.OrderTransitions.Add(1, new KeyValuePair<string, object?>("status", _record.Status));
        }

        BridgeMetrics.JournalWriteLatency.Record((DateTimeOffset.UtcNow - e.At).TotalMilliseconds, new KeyValuePair<string, object?>("journal", "orders"));
        ReportState(_record.Status);
        _index.Tell(new OrderChanged(View()));
        Context.System.EventStream.Publish(new OrderViewChanged(View()));
        // Inactive alone does not answer the caller: IB reports a refused order Inactive just before the
        // error that says why (201), and the caller should get that reason, not a bare "Inactive". An order
        // that stays Inactive (held at IB) is answered when the submit wait runs out.
        if (e is OrderStatusReported { Status: not "Inactive" } or OrderRejected && _waiters.Count > 0)
        {
            AnswerWaiters();
        }

        if (_record.IsFinal)
        {
            Timers.StartSingleTimer(PassivateKey, PassivateNow.Instance, _passivateAfter);
        }
    }

    /// <summary>
    /// The actor failed and will recover from its journal: callers waiting on it would otherwise wait out
    /// their whole deadline. A journaled order is answered with what is known (the restart looks it up at
    /// IB); one not yet journaled was never sent, so the caller can retry the same key.
    /// </summary>
    protected override void PreRestart(Exception reason, object message)
    {
        if (_record.Exists)
        {
            AnswerWaiters();
        }
        else
        {
            TellWaiters(new Unavailable($"order {_key} was not placed: its actor failed before accepting it ({reason.Message}); retry with the same key"));
        }

        base.PreRestart(reason, message);
    }

    private void AnswerWaiters()
    {
        Timers.Cancel(SubmitWaitKey);
        TellWaiters(new OrderPlaced(View(), Existing: false));
    }

    private void TellWaiters(object reply)
    {
        foreach (var waiter in _waiters)
        {
            waiter.Tell(reply);
        }

        _waiters.Clear();
    }

    /// <summary>Refused before acceptance: nothing journaled, nothing sent; the key stays free.</summary>
    private void Refuse(Failed failure)
    {
        _log.Info("Order {IdempotencyKey} refused: {Reason}", _key, failure.Message);
        TellWaiters(failure);
        StartOver();
    }

    /// <summary>
    /// No order under this key: the next request with it is checked afresh, by this actor (stopping at once would
    /// lose a retry already on its way here), which passivates once idle.
    /// </summary>
    private void StartOver()
    {
        (_pending, _quote, _quoteDone, _contract) = (null, null, false, null);
        ReportState("free");
        Timers.StartSingleTimer(PassivateKey, PassivateNow.Instance, _passivateAfter);
    }

    private sealed class PassivateNow
    {
        public static readonly PassivateNow Instance = new();

        private PassivateNow()
        {
        }
    }

    private sealed class SendNow
    {
        public static readonly SendNow Instance = new();

        private SendNow()
        {
        }
    }

    private OrderState Provisional(OrderTicket ticket) =>
        OrderState.Empty with { Key = _key, Ticket = ticket, Status = "Checking", Remaining = ticket.Quantity };
}
