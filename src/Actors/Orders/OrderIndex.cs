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
/// could be at IB. Holds the order-id high-water mark, the read side behind GET /orders (each entity reports
/// its view), resolves an IB order id to its key, routes fills to their order by orderRef, and hands
/// unfinished orders to the <see cref="OrderReconciler"/> on every new gateway session.
/// </summary>
public sealed class OrderIndex : ObservedPersistentActor
{
    private readonly IActorRef _region;
    private readonly IActorRef _gateway;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, OrderView> _views = [];
    private readonly IActorRef _reconciler;
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

        Recover<OrderKeyRegistered>(e => Register(e.Key));
        Recover<OrderIdHighWaterRaised>(e => _highWater = Math.Max(_highWater, e.OrderId));
        Recover<SnapshotOffer>(o =>
        {
            var s = (OrdersSnapshot)o.Snapshot;
            (_keys, _known, _highWater) = (s.Keys, [.. s.Keys], s.HighWater);
        });
        Recover<RecoveryCompleted>(_ =>
        {
            // Every known order comes back: unfinished ones reconcile, all of them list.
            foreach (var key in _keys)
            {
                ToOrder(key, new WakeUp(_highWater + 1));
            }
        });

        Command<PlaceOrder>(OnPlace);
        Command<GetOrders>(m =>
        {
            if (!Sender.AnsweredLate(m, Now))
            {
                Sender.Tell(ListOrders(m));
            }
        });
        Command<GetOrder>(m => ForwardToOrder(m.IdOrKey, m));
        Command<OrdersProtocol.CancelOrder>(m => ForwardToOrder(m.IdOrKey, m));
        Command<OrderChanged>(OnOrderChanged);
        Command<OrderWithdrawn>(m => _views.Remove(m.Key));
        Command<Reconcile>(m => _reconciler.Forward(m));
        Command<RefreshOpenOrders>(m => _reconciler.Forward(m));
        Command<GatewayConnected>(m =>
        {
            if (_session.IsNew(m))
            {
                // IB pushes nothing after a reconnect for what happened meanwhile (a fill, a cancel in TWS): every
                // unfinished order is looked up, not only those a restart left unknown.
                _reconciler.Tell(new OrderReconciler.NewSession([.. _views.Values.Where(v => !v.Final).Select(v => v.IdempotencyKey)]));
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

    private void OnOrderChanged(OrderChanged m)
    {
        if (!_views.ContainsKey(m.View.IdempotencyKey) && m.View.Uncertain)
        {
            // An unfinished order just woken (a restart, or its shard moved here with the IB session): the session
            // may have begun before it reported, so it is looked up now rather than on the next connect.
            _reconciler.Tell(new Reconcile([m.View.IdempotencyKey]));
        }

        _views[m.View.IdempotencyKey] = m.View;
        if (m.View.OrderId is { } id && id > _highWater)
        {
            Persist(new OrderIdHighWaterRaised(id, Now), e => _highWater = Math.Max(_highWater, e.OrderId));
        }
    }

    /// <summary>
    /// A fill is the truth: the order whose key is the trade's orderRef takes it, whether or not IB ever sends
    /// that order's status. A wholly filled order has nothing to learn from it (and stays asleep).
    /// </summary>
    private void OnTradeJournaled(ExecutionsProtocol.TradeJournaled m)
    {
        var t = m.Trade;
        if (_views.TryGetValue(t.OrderRef, out var view) && !(view.Status == "Filled" && view.Remaining == 0))
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

        var key = _views.Values.FirstOrDefault(v => v.OrderId?.ToString(CultureInfo.InvariantCulture) == idOrKey)?.IdempotencyKey
            ?? (_known.Contains(idOrKey) ? idOrKey : null);
        if (key is null)
        {
            Sender.Tell(TReply.Failing(new NotFound($"no order with id or idempotency key '{idOrKey}'")));
            return;
        }

        ToOrder(key, message, Sender);
    }

    private void ToOrder(string key, object message, IActorRef? sender = null) =>
        _region.Tell(new ShardingEnvelope(key, message), sender ?? Self);

    private OrderListReply ListOrders(GetOrders m)
    {
        var orders = _views.Values.Where(v => m.Final is not { } final || v.Final == final);
        if (m.Before is { } before)
        {
            if (!_views.TryGetValue(before, out var anchor))
            {
                return OrderListReply.Failing(new NotFound($"no order '{before}' to list from"));
            }

            orders = orders.Where(v => v.CreatedAt < anchor.CreatedAt
                || (v.CreatedAt == anchor.CreatedAt && string.CompareOrdinal(v.IdempotencyKey, anchor.IdempotencyKey) > 0));
        }

        // A List, not a collection expression: the compiler's read-only wrapper has no constructor Akka's default
        // serializer can use, and this reply crosses nodes when the Api runs on a standby.
        return new OrderListReply.Listed(orders
            .OrderByDescending(v => v.CreatedAt)
            .ThenBy(v => v.IdempotencyKey, StringComparer.Ordinal)
            .Take(m.Limit ?? int.MaxValue)
            .ToList());
    }
}
