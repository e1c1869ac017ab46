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
/// One order, a sharded entity keyed by the client's idempotency key, event-sourced. Its states: Free (no order under
/// the key) → Checking (rules, quote, contract; nothing journaled) → Placing (accepted and journaled, the placeOrder
/// with the gateway) → Working (sent; follows IB's statuses) → Final; Reconciling after a restart left its fate
/// unknown (looked up at IB by orderRef before anything is sent again); Passivating while the shard stops it.
/// <see cref="OrderState.Decide"/> decides every command; this actor journals, replies and talks to IB.
/// A retry with the same key never sends a second placeOrder.
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

    /// <summary>The deadline of the request being checked: past it nothing is journaled, and its first placeOrder leaves by then or never.</summary>
    private NotAfter? _placeDeadline;

    // Not journaled: since when IB has said nothing of this order in this session (a drop, no answer to its
    // placeOrder, a new incarnation). Shown on /orders until IB speaks or a lookup finds it.
    private DateTimeOffset? _uncertainSince;

    /// <param name="index">The <see cref="OrderIndex"/>: its <see cref="OrderListView"/> lists the order, its reconciler looks it up at IB.</param>
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
        Free();
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

    // ---- states -------------------------------------------------------------------------------------------------

    /// <summary>No order under this key (never placed, refused, or not sent): the next request is checked afresh.</summary>
    private void Free()
    {
        Command<Place>(m => OnPlace(m, _record));
        Command<PassivateNow>(_ => TryPassivate());
        Always();
    }

    /// <summary>The rules, the quote and the contract; nothing is journaled until all three say yes.</summary>
    private void Checking(OrderTicket ticket)
    {
        QuoteSnapshot? quote = null;
        var quoteDone = false;
        Contract? contract = null;

        void Continue()
        {
            if (!quoteDone || contract is null)
            {
                return;
            }

            if (_placeDeadline is { } deadline && deadline.HasPassed(Now))
            {
                // The caller has given up: an order it no longer waits for is not placed.
                Refuse(deadline.Missed("placing the order", Now));
                return;
            }

            var decision = _record.Decide(new OrderCommand.Accept(_key, ticket, contract, quote, _safety, Now));
            if (decision.Reply is Failed refusal)
            {
                Refuse(refusal);
                return;
            }

            PersistAll(decision.Events, e =>
            {
                Journaled(e);
                if (_safety.PauseBeforeSendForTests > TimeSpan.Zero)
                {
                    Become(Placing);
                    Timers.StartSingleTimer(SendKey, SendNow.Instance, _safety.PauseBeforeSendForTests);
                }
                else
                {
                    Send();
                }
            });
        }

        Command<Place>(m => OnPlace(m, OrderState.Checking(_key, ticket)));
        Command<MarketDataProtocol.QuoteReply>(m =>
        {
            // No quote is an answer too: the rules that need one refuse the order.
            (quote, quoteDone) = (m.Match<QuoteSnapshot?>(q => q.Quote, _ => null), true);
            Continue();
        });
        Command<ContractsProtocol.Qualified>(m =>
        {
            contract = m.Details.Contract with { Exchange = m.Spec.Exchange };
            ticket = ticket.OnTick(m.Details.MinTick);
            Continue();
        });
        Command<ContractsProtocol.NotQualified>(m => Refuse(m.Failure));
        Always();
    }

    /// <summary>Accepted and journaled; the placeOrder is with the gateway until it says sent (with the id) or not sent.</summary>
    private void Placing()
    {
        Command<OrderIdAllocated>(OnSent);
        Command<SendNow>(_ => Send());
        Command<GatewayUnavailable>(m =>
        {
            Become(Working);
            OnNotSent(m);
        });

        // Its placeOrder is still on its way out: the lists IB gave could not have held it yet.
        Command<ReconcileFinding>(m => OnReconciled(m, asked: false, sending: true));
        FollowIb();
        Always();
    }

    /// <summary>Sent: follows IB's statuses, errors and fills to a final state; every session's lookup confirms it.</summary>
    private void Working()
    {
        Command<ReconcileFinding>(m => OnReconciled(m, asked: false, sending: false));
        FollowIb();
        Always();
    }

    /// <summary>Accepted before a restart with no word from IB: it may or may not be at IB, so it is looked up, not resent blindly.</summary>
    private void Reconciling()
    {
        Command<ReconcileFinding>(m => OnReconciled(m, asked: true, sending: false));
        FollowIb();
        Always();
    }

    /// <summary>Filled, cancelled or rejected. IB can still report (a late fill after a cancel); the order passivates when idle.</summary>
    private void Final()
    {
        Command<PassivateNow>(_ => TryPassivate());
        Command<ReconcileFinding>(_ => { });
        FollowIb();
        Always();
    }

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

    /// <summary>What IB says of an order that exists: in every state from Placing on.</summary>
    private void FollowIb()
    {
        Command<Place>(m => OnPlace(m, _record));
        Command<OrderStatus>(m =>
        {
            Heard();
            var status = OrderStatusCodes.Parse(m.Status);
            JournalAll(_record.Decide(new OrderCommand.ReportStatus(status, m.Filled ?? 0, m.Remaining ?? 0, m.AvgFillPrice, m.LastFillPrice, m.PermId, Now)).Events, Journaled);
        });
        Command<OpenOrder>(_ => HeardAndShown());
        Command<ExecutionObserved>(OnExecution);
        Command<ErrMsg>(OnIbError);
        Command<GatewayUnavailable>(OnNotSent);
        Command<SubmitWaitOver>(_ =>
        {
            if (_record.Status.AwaitsIb())
            {
                // Sent, and IB has said nothing: the caller hears that plainly, not a success.
                BecomeUncertain(_record.UpdatedAt ?? Now);
            }

            AnswerWaiters();
        });
    }

    /// <summary>Handled the same in every state but Passivating.</summary>
    private void Always()
    {
        Command<GetOrder>(m =>
        {
            if (!Sender.AnsweredLate(m, Now))
            {
                Sender.Tell(_record.Exists ? new GetOrderReply.Found(View()) : GetOrderReply.Failing(new NotFound($"no order {_key}")));
            }
        });
        Command<OrdersProtocol.CancelOrder>(m =>
        {
            if (!Sender.AnsweredLate(m, Now))
            {
                OnCancel();
            }
        });
        Command<WakeUp>(OnWakeUp);
        Command<GatewayDisconnected>(_ => BecomeUncertain(Now));
        Command<StopNow>(_ => Passivate());

        // Not idle (checking, placing or working): the order passivates once final.
        Command<PassivateNow>(_ => { });
        DeleteWhatSnapshotsCover("order " + _key);
    }

    private void AfterRecovery()
    {
        if (!_record.Exists)
        {
            return;
        }

        ReportState(_record.Status.ToWire());
        if (!_record.IsFinal)
        {
            // A new incarnation has heard nothing from IB yet; the reconciler looks every unfinished order up.
            _uncertainSince = Now;
        }

        _index.Tell(new OrderChanged(View()));
        if (_record.IsFinal)
        {
            Become(Final);
            Timers.StartSingleTimer(PassivateKey, PassivateNow.Instance, _passivateAfter);
            return;
        }

        if (_record.NeedsReconciliation)
        {
            _log.Warning("Order {IdempotencyKey} was accepted before a restart with no word from IB; looking it up by orderRef", _key);
            Become(Reconciling);
            _index.Tell(new Reconcile([_key]));
        }
        else
        {
            Become(Working);
            _gateway.Tell(new ClaimOrder(_record.OrderId!.Value));
        }
    }

    // ---- handlers: each asks OrderState.Decide, then journals, replies and talks to IB --------------------------

    /// <param name="state">The order as the command sees it: the journaled one, or the ticket being checked.</param>
    private void OnPlace(Place m, OrderState state)
    {
        RaiseFloor(m.OrderIdFloor);
        if (Sender.AnsweredLate(m.Order, Now))
        {
            return;
        }

        var decision = state.Decide(new OrderCommand.Place(m.Order.Ticket, _waiters.Count > 0, _uncertainSince));
        if (decision.Has(OrderEffect.Check))
        {
            _placeDeadline = m.Order.NotAfter;
            StartChecking(m.Order.Ticket);
        }
        else if (decision.Has(OrderEffect.Wait))
        {
            _waiters.Add(Sender);
        }
        else
        {
            Sender.Tell(decision.Reply!);
        }
    }

    private void StartChecking(OrderTicket ticket)
    {
        _waiters.Add(Sender);
        ReportState("checking");
        Become(() => Checking(ticket));
        if (RefusedBeforeChecking(ticket) is { } refusal)
        {
            Refuse(refusal);
            return;
        }

        _marketData.Tell(new MarketDataProtocol.GetQuote(ticket.Spec, _placeDeadline ?? NotAfter.In(_submitWait, Now)));
        _contracts.Tell(new ContractsProtocol.Qualify(ticket.Spec));
    }

    /// <summary>What refuses any order at once: a read-only bridge, or a gateway that cannot take orders now.</summary>
    private Failed? RefusedBeforeChecking(OrderTicket ticket)
    {
        if (SafetyRules.Check(ticket, null, _safety) is { Rule: SafetyRules.ReadOnly } readOnly)
        {
            return readOnly;
        }

        var health = _health.Current;
        if (!health.Connected)
        {
            return new Unavailable("not connected to IB Gateway; nothing was sent");
        }

        if (health.IbConnectivityLost)
        {
            return new Unavailable("IB Gateway has lost its connection to IB (1100); nothing was sent");
        }

        // IB refused an order with 321 in this session; every order would meet the same, so none is sent.
        return health.ReadOnlySince is { } since
            ? new Rejected(
                $"IB Gateway's API is read-only (error 321 since {since:O}); nothing was sent. Un-tick 'Read-Only API' in the gateway's API settings; the next session trades again",
                IbCode: IbCodes.ReadOnly)
            : null;
    }

    /// <summary>The gateway gives the id and sends in one step; the id is journaled once it is known.</summary>
    private void Send()
    {
        Become(Placing);
        var order = _record.Ticket!.ToOrder() with { OrderRef = _key };
        // Not placed at all rather than placed late: an order that cannot leave within SubmitWait (or, the first
        // time, by its caller's deadline) is answered unsent. Later sends (after 103, after a lookup) have no caller.
        var notAfter = NotAfter.In(_submitWait, Now);
        if (_placeDeadline is { } deadline)
        {
            notAfter = deadline.AtMost(_submitWait, Now);
            _placeDeadline = null;
        }

        _gateway.Tell(new PlaceNewOrder(_record.Contract!, order, _orderIdFloor, notAfter.At));
    }

    private void OnSent(OrderIdAllocated m)
    {
        _log.Info("Placed order {OrderId} for {IdempotencyKey}: {Ticket}", m.OrderId, _key, _record.Ticket!.Fingerprint);
        Become(Working);
        JournalAll(_record.Decide(new OrderCommand.Sent(m.OrderId, Now)).Events, Journaled);
        Timers.StartSingleTimer(SubmitWaitKey, SubmitWaitOver.Instance, _submitWait);
    }

    /// <summary>
    /// The gateway could not send the placeOrder. A caller still waiting on a first send gets 503 and the key is
    /// freed (nothing reached IB); an order sent again after a lookup stays accepted and uncertain.
    /// </summary>
    private void OnNotSent(GatewayUnavailable m)
    {
        var decision = _record.Decide(new OrderCommand.NotSent(m.Reason, _waiters.Count > 0, Now));
        if (decision.Has(OrderEffect.Uncertain))
        {
            BecomeUncertain(Now);
            JournalAll(decision.Events, Journaled);
            return;
        }

        JournalAll(decision.Events, e =>
        {
            _log.Info("Order {IdempotencyKey} was not sent ({Reason}); its key is free again", _key, m.Reason);
            _record = _record.Apply(e);
            _index.Tell(new OrderWithdrawn(_key));
            TellWaiters((PlaceOrderReply)decision.Reply!);
            StartOver();
        });
    }

    private void OnExecution(ExecutionObserved m)
    {
        Heard();
        var (_, events) = _record.Decide(new OrderCommand.ReportExecution(m.ExecId, m.Shares, m.Price, Now));
        if (events.Count == 0)
        {
            _index.Tell(new OrderChanged(View()));
            return;
        }

        JournalAll(events, Journaled);
    }

    private void OnIbError(ErrMsg e)
    {
        Heard();
        var decision = _record.Decide(new OrderCommand.ReportError(e.Code, e.Message, Now));
        if (!decision.Has(OrderEffect.Send))
        {
            JournalAll(decision.Events, Journaled);
            return;
        }

        // IB refused the id itself, so this order is not at IB: re-sync ids and use a higher one.
        _orderIdFloor = _record.OrderId!.Value + 1;
        JournalAll(decision.Events, x =>
        {
            Journaled(x);
            _gateway.Tell(new SendRequest(new Tws.Messages.Requests.ReqIds()));
            Send();
        });
    }

    private void OnCancel()
    {
        var decision = _record.Decide(new OrderCommand.Cancel(Now));
        if (!decision.Has(OrderEffect.SendCancel))
        {
            Sender.Tell(decision.Reply!);
            return;
        }

        var replyTo = Sender;
        var orderId = _record.OrderId!.Value;
        JournalAll(decision.Events, e =>
        {
            Journaled(e);
            _gateway.Tell(new SendRequest(new IbCancelOrder(orderId)));
            replyTo.Tell(new CancelOrderReply.CancelSent(View()));
        });
    }

    /// <summary>What a lookup at IB found; <see cref="OrderState.Decide"/> says what it means.</summary>
    private void OnReconciled(ReconcileFinding m, bool asked, bool sending)
    {
        var claim = m.OrderId ?? _record.OrderId;
        var decision = _record.Decide(new OrderCommand.Reconciled(m, asked, sending, Now));
        if (decision.Has(OrderEffect.Send))
        {
            _orderIdFloor = Math.Max(_orderIdFloor, (_record.OrderId ?? 0) + 1);
            JournalAll(decision.Events, e =>
            {
                Journaled(e);
                Send();
            });
            return;
        }

        if (decision.Has(OrderEffect.Uncertain))
        {
            // Still unresolved: a Reconciling order keeps waiting for a lookup that finds it.
            _log.Warning("Order {IdempotencyKey} ({Status} at IB before) is in none of IB's lists; it stays uncertain and is not sent again", _key, _record.Status);
            BecomeUncertain(Now);
            _index.Tell(new OrderChanged(View()));
            return;
        }

        if (!decision.Has(OrderEffect.Heard))
        {
            return;
        }

        Become(Working);
        _uncertainSince = null;
        if (decision.Has(OrderEffect.Claim))
        {
            _gateway.Tell(new ClaimOrder(claim!.Value));
        }

        if (decision.Events.Count == 0)
        {
            _index.Tell(new OrderChanged(View()));
            return;
        }

        JournalAll(decision.Events, Journaled);
        if (decision.Has(OrderEffect.RefreshOpenOrders))
        {
            _index.Tell(RefreshOpenOrders.Instance);
        }
    }

    // ---- journaling and answering -------------------------------------------------------------------------------

    private void JournalAll(IReadOnlyList<IOrderEvent> events, Action<IOrderEvent> then)
    {
        if (events.Count > 0)
        {
            PersistAll(events, then);
        }
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
            BridgeMetrics.OrderTransitions.Add(1, new KeyValuePair<string, object?>("status", _record.Status.ToWire()));
        }

        BridgeMetrics.JournalWriteLatency.Record((DateTimeOffset.UtcNow - e.At).TotalMilliseconds, new KeyValuePair<string, object?>("journal", "orders"));
        ReportState(_record.Status.ToWire());
        _index.Tell(new OrderChanged(View()));
        Context.System.EventStream.Publish(new OrderViewChanged(View()));
        // Inactive alone does not answer the caller: IB reports a refused order Inactive just before the
        // error that says why (201), and the caller should get that reason, not a bare "Inactive". An order
        // that stays Inactive (held at IB) is answered when the submit wait runs out.
        if (e is OrderStatusReported { Status: not OrderStatusCode.Inactive } or OrderRejected && _waiters.Count > 0)
        {
            AnswerWaiters();
        }

        if (_record.IsFinal)
        {
            Become(Final);
            Timers.StartSingleTimer(PassivateKey, PassivateNow.Instance, _passivateAfter);
        }
    }

    private OrderView View() => OrderView.Of(_record, _uncertainSince);

    private void RaiseFloor(int floor) => _orderIdFloor = Math.Max(_orderIdFloor, floor);

    /// <summary>
    /// The index started (or its list did) and wakes every order: a live one shows its view again, as the list may
    /// have lost it. An order this wake-up started has just shown it from its recovery; once more changes nothing.
    /// </summary>
    private void OnWakeUp(WakeUp m)
    {
        RaiseFloor(m.OrderIdFloor);
        if (_record.Exists)
        {
            _index.Tell(new OrderChanged(View()));
        }
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
            TellWaiters(PlaceOrderReply.Failing(new Unavailable($"order {_key} was not placed: its actor failed before accepting it ({reason.Message}); retry with the same key")));
        }

        base.PreRestart(reason, message);
    }

    private void AnswerWaiters()
    {
        Timers.Cancel(SubmitWaitKey);
        TellWaiters(new PlaceOrderReply.Placed(View(), Existing: false));
    }

    private void TellWaiters(PlaceOrderReply reply)
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
        TellWaiters(PlaceOrderReply.Failing(failure));
        StartOver();
    }

    /// <summary>
    /// No order under this key: the next request with it is checked afresh, by this actor (stopping at once would
    /// lose a retry already on its way here), which passivates once idle.
    /// </summary>
    private void StartOver()
    {
        _placeDeadline = null;
        Become(Free);
        ReportState("free");
        Timers.StartSingleTimer(PassivateKey, PassivateNow.Instance, _passivateAfter);
    }

    /// <summary>Idle (no caller waiting): the shard holds this order's messages from now on and answers with StopNow.</summary>
    private void TryPassivate()
    {
        if (_waiters.Count == 0)
        {
            Context.Parent.Tell(new Passivate(StopNow.Instance));
            Become(Passivating);
        }
    }

    private sealed record PassivateNow { public static readonly PassivateNow Instance = new(); }

    private sealed record SendNow { public static readonly SendNow Instance = new(); }
}
