using Akka.Actor;
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
/// One order, keyed by the client's idempotency key, event-sourced. validate → rules → qualify →
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
    private OrderRecord _record = OrderRecord.Empty;

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

    public OrderActor(string key, OrderDependencies deps, int orderIdFloor)
    {
        _key = key;
        _gateway = deps.Gateway;
        _contracts = deps.Contracts;
        _marketData = deps.MarketData;
        _safety = deps.Safety;
        _health = deps.Health;
        _orderIdFloor = orderIdFloor;
        _time = deps.Time;
        _submitWait = deps.Safety.SubmitWait;
        _passivateAfter = deps.Safety.PassivateAfter;

        Recover<IOrderEvent>(e => _record = _record.Apply(e));
        Recover<RecoveryCompleted>(_ => AfterRecovery());

        Command<PlaceOrder>(OnPlace);
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
                Context.Parent.Tell(new PassivateMe(_key));
            }
        });
        Command<StopNow>(_ =>
        {
            if (Idle)
            {
                Passivate();
            }
            else
            {
                // A request reached it before the manager began holding them: it has work, so it stays.
                Context.Parent.Tell(new StayingAlive(_key));
            }
        });
        Command<ReconcileFinding>(OnReconciled);
        Command<OrdersProtocol.CancelOrder>(_ => OnCancel());
        Command<GetOrder>(_ => Sender.Tell(_record.Exists ? View() : new NotFound($"no order {_key}")));
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
            // A new incarnation has heard nothing from IB yet; the manager looks every unfinished order up.
            _uncertainSince = Now;
        }

        Context.Parent.Tell(new OrderChanged(View()));
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
            Context.Parent.Tell(new Reconcile(_key));
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
                Context.Parent.Tell(new OrderWithdrawn(_key));
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
        if (!_record.Exists || _record.Executions.TryGetValue(Executions.Trade.Base(m.ExecId), out var known) && known.ExecId == m.ExecId)
        {
            Context.Parent.Tell(new OrderChanged(View()));
            return;
        }

        Persist(new OrderExecutionReported(m.ExecId, m.Shares, m.Price, Now), Journaled);
    }

    private void OnIbError(ErrMsg e)
    {
        Heard();
        switch (e.Code)
        {
            case 103 when _record.OrderId is { } duplicate && !_record.IsFinal:
                // IB refused the id itself, so this order is not at IB: re-sync ids and use a higher one.
                _orderIdFloor = duplicate + 1;
                Persist(new OrderNoticed(e.Code, e.Message, Now), ev =>
                {
                    Journaled(ev);
                    _gateway.Tell(new SendRequest(new Tws.Messages.Requests.ReqIds()));
                    Send();
                });
                break;
            case IbCodes.ReadOnly when _record.CancelRequested && _record.LastHeardAt is not null:
                // A read-only gateway refuses the cancel, not the order: it keeps working at IB.
                Persist(new OrderNoticed(e.Code, $"cancel refused: {e.Message}", Now), Journaled);
                break;
            case 399 or 10349 or 2109 or 202 or 10147 or 10148 or 161 or (>= 2100 and < 2200):
                // Warnings and cancel confirmations: the order's fate comes from orderStatus.
                Persist(new OrderNoticed(e.Code, e.Message, Now), Journaled);
                break;
            default:
                Persist(new OrderRejected(e.Code, e.Message, Now), Journaled);
                break;
        }
    }

    private void OnCancel()
    {
        if (!_record.Exists)
        {
            Sender.Tell(new NotFound($"no order {_key}"));
            return;
        }

        if (_record.IsFinal)
        {
            Sender.Tell(new AlreadyFinal(View()));
            return;
        }

        if (_record.OrderId is not { } orderId)
        {
            Sender.Tell(new Unavailable("the order has not reached IB yet"));
            return;
        }

        var replyTo = Sender;
        Persist(new OrderCancelRequested(Now), e =>
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
        var events = new List<IOrderEvent>();
        var detail = m.Detail.Length > 0 ? ": " + m.Detail : "";
        // The lookup a restart asked for is on the record even if IB's status overtook it; a routine one per
        // session is not (it would add a notice at every reconnect).
        if (wasUnknown || asked || (m.OrderId is { } id && id != _record.OrderId))
        {
            events.Add(new OrderReconciled(m.OrderId, Finding(m, detail), Now));
        }

        if (m.Where == IbOrderPlace.Completed && m.Status == "Inactive")
        {
            // A completed order that is Inactive was rejected; its error (201) was sent while we were away.
            events.Add(new OrderRejected(201, $"rejected at IB while the bridge was away{detail}", Now));
        }
        else if (StatusAtIb(m) is { Length: > 0 } status && (status != _record.Status || m.Filled > _record.Filled))
        {
            // What IB reported while the bridge was away, as the orderStatus it would have sent.
            var remaining = Math.Max(0, _record.Ticket!.Quantity - m.Filled);
            events.Add(new OrderStatusReported(status, m.Filled, remaining, m.AvgFillPrice, m.LastFillPrice, m.PermId != 0 ? m.PermId : _record.PermId, Now));
        }

        if (m.Where != IbOrderPlace.Completed && (m.OrderId ?? _record.OrderId) is { } orderId)
        {
            _gateway.Tell(new ClaimOrder(orderId));
        }

        if (events.Count == 0)
        {
            Context.Parent.Tell(new OrderChanged(View()));
            return;
        }

        PersistAll(events, Journaled);
        if (wasUnknown && m.Where != IbOrderPlace.Completed && StatusAtIb(m) != "Filled")
        {
            // Its statuses come to this actor now that it is claimed: ask IB for them again.
            Context.Parent.Tell(RefreshOpenOrders.Instance);
        }
    }

    private string StatusAtIb(ReconcileFinding m) => m.Where == IbOrderPlace.ExecutedOnly
        ? m.Filled >= _record.Ticket!.Quantity ? "Filled" : "Submitted"
        : m.Status;

    private static string Finding(ReconcileFinding m, string detail) => m.Where switch
    {
        IbOrderPlace.Working => $"found at IB ({m.Status})",
        IbOrderPlace.Completed => $"found at IB, completed ({m.Status}{detail})",
        _ => $"found at IB (executions for {m.Filled})",
    };

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
        Context.Parent.Tell(new OrderChanged(View()));
    }

    /// <summary>IB said something of this order in this session.</summary>
    private void Heard() => _uncertainSince = null;

    private void HeardAndShown()
    {
        if (_uncertainSince is not null)
        {
            Heard();
            Context.Parent.Tell(new OrderChanged(View()));
        }
    }

    private void BecomeUncertain(DateTimeOffset since)
    {
        if (_uncertainSince is not null || !_record.Exists || _record.IsFinal || !_record.Submitted)
        {
            return;
        }

        _uncertainSince = since;
        Context.Parent.Tell(new OrderChanged(View()));
    }

    private void Journaled(IOrderEvent e)
    {
        var before = _record.Status;
        _record = _record.Apply(e);
        if (_record.Status != before)
        {
            BridgeMetrics.OrderTransitions.Add(1, new KeyValuePair<string, object?>("status", _record.Status));
        }

        BridgeMetrics.JournalWriteLatency.Record((DateTimeOffset.UtcNow - e.At).TotalMilliseconds, new KeyValuePair<string, object?>("journal", "orders"));
        ReportState(_record.Status);
        Context.Parent.Tell(new OrderChanged(View()));
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

    private OrderRecord Provisional(OrderTicket ticket) =>
        OrderRecord.Empty with { Key = _key, Ticket = ticket, Status = "Checking", Remaining = ticket.Quantity };
}
