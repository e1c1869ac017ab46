using System.Collections.Immutable;
using System.Globalization;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Persistence;
using WheelStrat.Actors.Diagnostics;
using WheelStrat.Actors.Executions;
using WheelStrat.Actors.Gateway;
using WheelStrat.Actors.Replies;
using static WheelStrat.Actors.Gateway.GatewayProtocol;
using static WheelStrat.Actors.Orders.OrdersProtocol;

namespace WheelStrat.Actors.Orders;

/// <summary>The index's journal: which keys exist and the highest order id ever handed out.</summary>
public sealed record OrderKeyRegistered(string Key, DateTimeOffset At) : Persistence.IJournalEvent;

public sealed record OrderIdHighWaterRaised(int OrderId, DateTimeOffset At) : Persistence.IJournalEvent;

public sealed record OrdersSnapshot(ImmutableList<string> Keys, int HighWater) : Persistence.IJournalEvent;

/// <summary>
/// The journaled key index of the order entities (a cluster singleton, persistence id "orders" as before
/// sharding): a new key is journaled before its order may send anything, so a restart wakes every order that
/// could be at IB. Holds the order-id high-water mark, resolves an IB order id to its key, routes fills to their
/// order by orderRef, and hands unfinished orders to the <see cref="OrderReconciler"/> on every new gateway
/// session. The views the entities report go on to its child <see cref="OrderListView"/>, which answers GET /orders.
/// </summary>
public sealed class OrderIndex : ObservedPersistentActor
{
    private readonly IActorRef _region;
    private readonly IActorRef _gateway;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, Reported> _reported = [];
    private readonly Dictionary<string, string> _keyByOrderId = [];
    private readonly IActorRef _reconciler;
    private readonly IActorRef _list;
    private SessionWatch _session = null!;
    private ImmutableList<string> _keys = [];
    private ImmutableHashSet<string> _known = [];
    private int _highWater;

    public OrderIndex(IActorRef region, OrderDependencies deps)
    {
        _region = region;
        _gateway = deps.Gateway;
        _time = deps.Time;
        _reconciler = Context.ActorOf(Props.Create(() => new OrderReconciler(deps.Gateway, region, deps.Health)), "reconciler");
        _list = Context.ActorOf(Props.Create(() => new OrderListView()), "list");

        Recover<OrderKeyRegistered>(e => Register(e.Key));
        Recover<OrderIdHighWaterRaised>(e => _highWater = Math.Max(_highWater, e.OrderId));
        Recover<SnapshotOffer>(o =>
        {
            var s = (OrdersSnapshot)o.Snapshot;
            (_keys, _known, _highWater) = (s.Keys, [.. s.Keys], s.HighWater);
        });
        // Every known order comes back: unfinished ones reconcile, all of them report their view to the list.
        Recover<RecoveryCompleted>(_ => WakeAll());

        Command<PlaceOrder>(OnPlace);
        Command<GetOrders>(_list.Forward);
        Command<GetOrder>(m => ForwardToOrder(m.IdOrKey, m));
        Command<OrdersProtocol.CancelOrder>(m => ForwardToOrder(m.IdOrKey, m));
        Command<OrderChanged>(OnOrderChanged);
        Command<OrderWithdrawn>(OnOrderWithdrawn);
        Command<OrderListView.ListEmptied>(_ => WakeAll());
        Command<Reconcile>(m => _reconciler.Forward(m));
        Command<RefreshOpenOrders>(m => _reconciler.Forward(m));
        Command<GatewayConnected>(m =>
        {
            if (_session.IsNew(m))
            {
                // IB pushes nothing after a reconnect for what happened meanwhile (a fill, a cancel in TWS): every
                // unfinished order is looked up, not only those a restart left unknown.
                _reconciler.Tell(new OrderReconciler.NewSession([.. _reported.Where(r => !r.Value.Final).Select(r => r.Key)]));
            }
        });
        Command<ExecutionsProtocol.TradeJournaled>(OnTradeJournaled);
        DeleteWhatSnapshotsCover("orders");
    }

    public override string PersistenceId => "orders";

    protected override string Kind => "orders-index";

    private DateTimeOffset Now => _time.GetUtcNow();

    protected override void PreStart()
    {
        _session = SessionWatch.Start(Context, _gateway);
        Context.System.EventStream.Subscribe(Self, typeof(ExecutionsProtocol.TradeJournaled));
        base.PreStart();
    }

    private void Register(string key)
    {
        _keys = _keys.Add(key);
        _known = _known.Add(key);
    }

    private void OnPlace(PlaceOrder m)
    {
        if (Sender.AnsweredLate(m, Now))
        {
            return;
        }

        if (_known.Contains(m.IdempotencyKey))
        {
            ToOrder(m.IdempotencyKey, new Place(m, _highWater + 1), Sender);
            return;
        }

        // Persisting stashes later commands, so twenty concurrent requests with one key meet one entity that exists.
        var sender = Sender;
        Persist(new OrderKeyRegistered(m.IdempotencyKey, Now), e =>
        {
            Register(e.Key);
            ToOrder(e.Key, new Place(m, _highWater + 1), sender);
            if (LastSequenceNr % 200 == 0)
            {
                SaveSnapshot(new OrdersSnapshot(_keys, _highWater));
            }
        });
    }

    private void WakeAll()
    {
        foreach (var key in _keys)
        {
            ToOrder(key, new WakeUp(_highWater + 1));
        }
    }

    private void OnOrderChanged(OrderChanged m)
    {
        var view = m.View;
        _list.Tell(m);
        if (!_reported.ContainsKey(view.IdempotencyKey) && view.Uncertain)
        {
            // An unfinished order just woken (a restart, or its shard moved here with the IB session): the session
            // may have begun before it reported, so it is looked up now rather than on the next connect.
            _reconciler.Tell(new Reconcile([view.IdempotencyKey]));
        }

        ForgetOrderId(view.IdempotencyKey);
        _reported[view.IdempotencyKey] = new Reported(view.OrderId, view.Final, view.Status == "Filled" && view.Remaining == 0);
        if (view.OrderId is { } id)
        {
            _keyByOrderId[id.ToString(CultureInfo.InvariantCulture)] = view.IdempotencyKey;
            if (id > _highWater)
            {
                Persist(new OrderIdHighWaterRaised(id, Now), e => _highWater = Math.Max(_highWater, e.OrderId));
            }
        }
    }

    private void OnOrderWithdrawn(OrderWithdrawn m)
    {
        _list.Tell(m);
        ForgetOrderId(m.Key);
        _reported.Remove(m.Key);
    }

    /// <summary>An order sent again under a higher id (IB refused the first) is no longer found by the old one.</summary>
    private void ForgetOrderId(string key)
    {
        if (_reported.TryGetValue(key, out var before) && before.OrderId is { } old
            && _keyByOrderId.GetValueOrDefault(old.ToString(CultureInfo.InvariantCulture)) == key)
        {
            _keyByOrderId.Remove(old.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// A fill is the truth: the order whose key is the trade's orderRef takes it, whether or not IB ever sends
    /// that order's status. A wholly filled order has nothing to learn from it (and stays asleep).
    /// </summary>
    private void OnTradeJournaled(ExecutionsProtocol.TradeJournaled m)
    {
        var t = m.Trade;
        if (_reported.TryGetValue(t.OrderRef, out var order) && !order.WhollyFilled)
        {
            ToOrder(t.OrderRef, new ExecutionObserved(t.ExecId, t.Quantity, t.Price));
        }
    }

    private void ForwardToOrder<TReply>(string idOrKey, IAsk<TReply> message)
        where TReply : IClosedReply<TReply>
    {
        if (Sender.AnsweredLate(message, Now))
        {
            return;
        }

        var key = _keyByOrderId.GetValueOrDefault(idOrKey) ?? (_known.Contains(idOrKey) ? idOrKey : null);
        if (key is null)
        {
            Sender.Tell(TReply.Failing(new NotFound($"no order with id or idempotency key '{idOrKey}'")));
            return;
        }

        ToOrder(key, message, Sender);
    }

    private void ToOrder(string key, object message, IActorRef? sender = null) =>
        _region.Tell(new ShardingEnvelope(key, message), sender ?? Self);

    /// <summary>What the index keeps of an order's last report: enough to route to it, not to show it.</summary>
    private sealed record Reported(int? OrderId, bool Final, bool WhollyFilled);
}
