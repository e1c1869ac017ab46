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
            Continue();
        });
        Command<ContractsProtocol.NotQualified>(m => Refuse(m.Failure));
        Command<OrderIdAllocated>(OnOrderId);
        Command<GatewayUnavailable>(m => Persist(new OrderRejected(504, $"not sent: {m.Reason}", Now), Journaled));
        Command<OrderStatus>(m => Persist(new OrderStatusReported(m.Status, m.Filled ?? 0, m.Remaining ?? 0, m.AvgFillPrice, m.LastFillPrice, m.PermId, Now), Journaled));
        Command<OpenOrder>(_ => { });
        Command<ExecDetails>(_ => { });
        Command<ErrMsg>(OnIbError);
        Command<SubmitWaitOver>(_ => AnswerWaiters());
        Command<SendNow>(_ => Send());
        Command<PassivateNow>(_ =>
        {
            if (_record.IsFinal && _waiters.Count == 0)
            {
                Context.Parent.Tell(new PassivateMe(_key));
            }
        });
        Command<StopNow>(_ => Passivate());
        Command<ReconcileFinding>(OnReconciled);
        Command<OrdersProtocol.CancelOrder>(_ => OnCancel());
        Command<GetOrder>(_ => Sender.Tell(_record.Exists ? OrderView.Of(_record) : new NotFound($"no order {_key}")));
    }

    public override string PersistenceId => "order-" + _key;

    public ITimerScheduler Timers { get; set; } = null!;

    protected override string Kind => "order";

    protected override string? Owns => _key;

    private DateTimeOffset Now => _time.GetUtcNow();

    private void AfterRecovery()
    {
        if (!_record.Exists)
        {
            return;
        }

        ReportState(_record.Status);
        Context.Parent.Tell(new OrderChanged(OrderView.Of(_record)));
        if (_record.IsFinal)
        {
            Timers.StartSingleTimer(PassivateKey, PassivateNow.Instance, _passivateAfter);
            return;
        }

        if (_record.NeedsReconciliation)
        {
            // Accepted before a restart with no word from IB: it may or may not have reached IB.
            _log.Warning("Order {IdempotencyKey} was accepted before a restart with no word from IB; looking it up by orderRef", _key);
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
                Sender.Tell(new KeyConflict(_key, OrderView.Of(_record.Exists ? _record : Provisional(existing))));
            }
            else if (_record.Exists && _waiters.Count == 0)
            {
                Sender.Tell(new OrderPlaced(OrderView.Of(_record), Existing: true));
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

        if (!_health.Current.Connected)
        {
            Refuse(new Unavailable("not connected to IB Gateway; nothing was sent"));
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
        var order = _record.Ticket!.ToOrder() with { OrderRef = _key };
        // Not placed at all rather than placed late: an order that cannot leave within SubmitWait is answered unsent.
        _gateway.Tell(new PlaceNewOrder(_record.Contract!, order, _orderIdFloor, Now + _submitWait));
    }

    private void OnOrderId(OrderIdAllocated m)
    {
        _log.Info("Placed order {OrderId} for {IdempotencyKey}: {Ticket}", m.OrderId, _key, _record.Ticket!.Fingerprint);
        PersistAll(new IOrderEvent[] { new OrderIdAssigned(m.OrderId, Now), new OrderSubmitted(Now) }, Journaled);
        Timers.StartSingleTimer(SubmitWaitKey, new SubmitWaitOver(), _submitWait);
    }

    private void OnIbError(ErrMsg e)
    {
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
            Sender.Tell(new AlreadyFinal(OrderView.Of(_record)));
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
            replyTo.Tell(OrderView.Of(_record));
        });
    }

    private void OnReconciled(ReconcileFinding m)
    {
        switch (m.Where)
        {
            case IbOrderPlace.Working:
                Persist(new OrderReconciled(m.OrderId, $"found at IB ({m.Status})", Now), e =>
                {
                    Journaled(e);
                    _gateway.Tell(new ClaimOrder(_record.OrderId!.Value));
                    if (m.Filled > 0)
                    {
                        // Partly filled while we were away: IB's quantities, not the ticket's.
                        ReportFromIb(m.Status, m);
                    }

                    // Ask again now that its statuses come to this actor.
                    Context.Parent.Tell(RefreshOpenOrders.Instance);
                });
                return;
            case IbOrderPlace.Completed:
                var detail = m.Detail.Length > 0 ? ": " + m.Detail : "";
                Persist(new OrderReconciled(m.OrderId, $"found at IB, completed ({m.Status}{detail})", Now), e =>
                {
                    Journaled(e);
                    if (m.Status == "Inactive")
                    {
                        // A completed order that is Inactive was rejected; its error (201) was sent while we were away.
                        Persist(new OrderRejected(201, $"rejected at IB while the bridge was down{detail}", Now), Journaled);
                    }
                    else
                    {
                        ReportFromIb(m.Status, m);
                    }
                });
                return;
            case IbOrderPlace.ExecutedOnly:
                Persist(new OrderReconciled(m.OrderId, $"found at IB (executions for {m.Filled})", Now), e =>
                {
                    Journaled(e);
                    _gateway.Tell(new ClaimOrder(_record.OrderId!.Value));
                    var filled = m.Filled >= _record.Ticket!.Quantity;
                    ReportFromIb(filled ? "Filled" : "Submitted", m);
                    if (!filled)
                    {
                        // Neither open nor completed in IB's lists, yet not wholly filled: ask for its status.
                        Context.Parent.Tell(RefreshOpenOrders.Instance);
                    }
                });
                return;
        }

        // Not open, not completed and not executed at IB: it never arrived. Place it now, once, with a fresh id.
        _orderIdFloor = Math.Max(_orderIdFloor, (_record.OrderId ?? 0) + 1);
        Persist(new OrderNoticed(0, "not found at IB after a restart; placing it now", Now), e =>
        {
            Journaled(e);
            Send();
        });
    }

    /// <summary>Journals what IB reported while the bridge was away, as the orderStatus it would have sent.</summary>
    private void ReportFromIb(string status, ReconcileFinding m)
    {
        var remaining = Math.Max(0, _record.Ticket!.Quantity - m.Filled);
        Persist(new OrderStatusReported(status, m.Filled, remaining, m.AvgFillPrice, m.LastFillPrice, m.PermId != 0 ? m.PermId : _record.PermId, Now), Journaled);
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
        Context.Parent.Tell(new OrderChanged(OrderView.Of(_record)));
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
        TellWaiters(new OrderPlaced(OrderView.Of(_record), Existing: false));
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
        _pending = null;
        Context.Stop(Self);
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
