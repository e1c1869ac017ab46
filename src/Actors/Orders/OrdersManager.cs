using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using WheelStrat.Actors.Diagnostics;
using WheelStrat.Actors.Executions;
using WheelStrat.Actors.Gateway;
using WheelStrat.Actors.Replies;
using WheelStrat.Tws.Messages.Replies;
using ReqAllOpenOrders = WheelStrat.Tws.Messages.Requests.ReqAllOpenOrders;
using ReqCompletedOrders = WheelStrat.Tws.Messages.Requests.ReqCompletedOrders;
using ReqExecutions = WheelStrat.Tws.Messages.Requests.ReqExecutions;
using ExecutionFilter = WheelStrat.Tws.Messages.Requests.ExecutionFilter;
using static WheelStrat.Actors.Gateway.GatewayProtocol;
using static WheelStrat.Actors.Orders.OrdersProtocol;

namespace WheelStrat.Actors.Orders;

/// <summary>What the orders manager and its order actors need from the rest of the system.</summary>
public sealed record OrderDependencies(IActorRef Gateway, IActorRef Contracts, IActorRef MarketData, SafetyOptions Safety, GatewayHealthBoard Health, TimeProvider Time);

/// <summary>The manager's journal: which keys exist and the highest order id ever handed out.</summary>
public sealed record OrderKeyRegistered(string Key, DateTimeOffset At) : Persistence.IJournalEvent;

public sealed record OrderIdHighWaterRaised(int OrderId, DateTimeOffset At) : Persistence.IJournalEvent;

public sealed record OrdersSnapshot(ImmutableList<string> Keys, int HighWater) : Persistence.IJournalEvent;

/// <summary>
/// /user/orders: one persistent <see cref="OrderActor"/> per idempotency key, started again after a
/// restart so unfinished orders reconcile. Keeps a persisted high-water mark so order ids never go
/// below what was used before, and does the "is it at IB?" lookups (open orders, the day's completed
/// orders and executions, by orderRef) for orders whose submission is unknown.
/// </summary>
public sealed class OrdersManager : ObservedPersistentActor, IWithTimers
{
    private const string ReconcileDeadlineKey = "reconcile-deadline";
    private static readonly TimeSpan ReconcileTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan PreviewDeadline = TimeSpan.FromSeconds(20);

    private readonly IActorRef _gateway;
    private SessionWatch _session = null!;
    private readonly IActorRef _contracts;
    private readonly IActorRef _marketData;
    private readonly SafetyOptions _safety;
    private readonly GatewayHealthBoard _health;
    private readonly TimeProvider _time;
    private readonly OrderDependencies _deps;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, IActorRef> _children = [];
    private readonly OpenOrdersRequests _openOrders = new();
    private readonly Dictionary<string, List<(object Message, IActorRef Sender)>> _stopping = [];
    private readonly Dictionary<string, OrderView> _views = [];
    private readonly HashSet<string> _toReconcile = [];
    private ImmutableList<string> _keys = [];
    private int _highWater;
    private Lookup? _lookup;
    private long _previews;

    public OrdersManager(OrderDependencies deps)
    {
        _deps = deps;
        _gateway = deps.Gateway;
        _contracts = deps.Contracts;
        _marketData = deps.MarketData;
        _safety = deps.Safety;
        _health = deps.Health;
        _time = deps.Time;

        Recover<OrderKeyRegistered>(e => _keys = _keys.Add(e.Key));
        Recover<OrderIdHighWaterRaised>(e => _highWater = Math.Max(_highWater, e.OrderId));
        Recover<SnapshotOffer>(o =>
        {
            var s = (OrdersSnapshot)o.Snapshot;
            (_keys, _highWater) = (s.Keys, s.HighWater);
        });
        Recover<RecoveryCompleted>(_ =>
        {
            // Every known order comes back: unfinished ones reconcile, all of them list.
            foreach (var key in _keys)
            {
                Child(key);
            }
        });

        Command<PlaceOrder>(OnPlace);
        Command<PreviewOrder>(m => Context.ActorOf(Props.Create(() =>
            new OrderPreviewJob(m.Ticket, _gateway, _contracts, _marketData, _safety, Sender, PreviewDeadline)), $"preview-{++_previews}"));
        Command<GetOrders>(m => Sender.Tell(ListOrders(m)));
        Command<GetOrder>(m => ForwardToOrder(m.IdOrKey, m));
        Command<OrdersProtocol.CancelOrder>(m => ForwardToOrder(m.IdOrKey, m));
        Command<OrderChanged>(OnOrderChanged);
        Command<Reconcile>(m =>
        {
            _toReconcile.Add(m.Key);
            StartLookup();
        });
        Command<GatewayConnected>(m =>
        {
            if (_session.IsNew(m))
            {
                // A lookup of the old session waits for answers that died with its socket: start over.
                _openOrders.SessionChanged();
                _lookup = null;
                Timers.Cancel(ReconcileDeadlineKey);
                // IB pushes nothing after a reconnect for what happened meanwhile (a fill, a cancel in TWS): every
                // unfinished order is looked up, not only those a restart left unknown.
                _toReconcile.UnionWith(_views.Values.Where(v => !v.Final).Select(v => v.IdempotencyKey));
                StartLookup();
            }
        });
        Command<ExecutionsProtocol.TradeJournaled>(OnTradeJournaled);
        Command<OrderWithdrawn>(m => _views.Remove(m.Key));
        Command<RequestStarted>(m => _lookup = _lookup is null ? null : _lookup with { ExecReqId = m.ReqId });
        Command<RequestNotStarted>(_ => _lookup = null);
        Command<OpenOrder>(m => _lookup?.Seen.Add(m));
        Command<CompletedOrder>(m => _lookup?.Seen.Add(m));
        Command<ExecDetails>(m => _lookup?.Seen.Add(m));
        Command<RefreshOpenOrders>(_ => RequestOpenOrders());
        Command<OpenOrderEnd>(_ =>
        {
            if (_openOrders.Ended())
            {
                LookupPartDone(l => l with { OpenOrdersDone = true });
            }
        });
        Command<CompletedOrdersEnd>(_ => LookupPartDone(l => l with { CompletedOrdersDone = true }));
        Command<ExecDetailsEnd>(_ => LookupPartDone(l => l with { ExecutionsDone = true }));
        Command<ReconcileTimedOut>(_ =>
        {
            _log.Warning("Order reconciliation got no complete answer from IB; will retry on the next connect");
            _lookup = null;
        });
        Command<PassivateMe>(OnPassivateMe);
        Command<StayingAlive>(OnStayingAlive);
        Command<Terminated>(t =>
        {
            var key = _children.FirstOrDefault(kv => kv.Value.Equals(t.ActorRef)).Key;
            if (key is null)
            {
                return;
            }

            _children.Remove(key);
            if (_stopping.Remove(key, out var held) && held.Count > 0)
            {
                // Asked for while it stopped: a new incarnation (recovered from the journal) takes them.
                foreach (var (message, sender) in held)
                {
                    Child(key).Tell(message, sender);
                }
            }
        });
        Command<SaveSnapshotSuccess>(_ => { });
        Command<SaveSnapshotFailure>(f => _log.Warning("Orders snapshot failed: {Reason}", f.Cause.Message));
    }

    public override string PersistenceId => "orders";

    public ITimerScheduler Timers { get; set; } = null!;

    protected override string Kind => "orders-manager";

    private DateTimeOffset Now => _time.GetUtcNow();

    protected override void PreStart()
    {
        _session = SessionWatch.Start(Context, _gateway);
        // Orders with no owner (placed before a restart, or by another client) arrive here.
        Context.System.EventStream.Subscribe(Self, typeof(OpenOrder));
        Context.System.EventStream.Subscribe(Self, typeof(OpenOrderEnd));
        Context.System.EventStream.Subscribe(Self, typeof(ExecutionsProtocol.TradeJournaled));
        // completedOrder has no orderId or reqId, so it always arrives here.
        Context.System.EventStream.Subscribe(Self, typeof(CompletedOrder));
        Context.System.EventStream.Subscribe(Self, typeof(CompletedOrdersEnd));
        base.PreStart();
    }

    private void OnPlace(PlaceOrder m)
    {
        if (_keys.Contains(m.IdempotencyKey))
        {
            Deliver(m.IdempotencyKey, m, Sender);
            return;
        }

        // Persisting stashes later commands, so twenty concurrent requests with one key meet one child.
        var sender = Sender;
        Persist(new OrderKeyRegistered(m.IdempotencyKey, Now), e =>
        {
            _keys = _keys.Add(e.Key);
            Deliver(e.Key, m, sender);
            if (LastSequenceNr % 200 == 0)
            {
                SaveSnapshot(new OrdersSnapshot(_keys, _highWater));
            }
        });
    }

    private void OnOrderChanged(OrderChanged m)
    {
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
            Deliver(t.OrderRef, new ExecutionObserved(t.ExecId, t.Quantity, t.Price), Self);
        }
    }

    private void ForwardToOrder(string idOrKey, object message)
    {
        var key = _views.Values.FirstOrDefault(v => v.OrderId?.ToString(System.Globalization.CultureInfo.InvariantCulture) == idOrKey)?.IdempotencyKey
            ?? (_keys.Contains(idOrKey) ? idOrKey : null);
        if (key is null)
        {
            Sender.Tell(new NotFound($"no order with id or idempotency key '{idOrKey}'"));
            return;
        }

        Deliver(key, message, Sender);
    }

    /// <summary>To the order's actor, or held while it stops (passivation) and delivered to its next incarnation.</summary>
    private void Deliver(string key, object message, IActorRef sender)
    {
        if (_stopping.TryGetValue(key, out var held))
        {
            held.Add((message, sender));
            return;
        }

        Child(key).Tell(message, sender);
    }

    private void OnPassivateMe(PassivateMe m)
    {
        if (_children.TryGetValue(m.Key, out var child) && child.Equals(Sender) && !_stopping.ContainsKey(m.Key))
        {
            _stopping[m.Key] = [];
            child.Tell(StopNow.Instance);
        }
    }

    private void OnStayingAlive(StayingAlive m)
    {
        if (_stopping.Remove(m.Key, out var held) && _children.TryGetValue(m.Key, out var child))
        {
            foreach (var (message, sender) in held)
            {
                child.Tell(message, sender);
            }
        }
    }

    private IActorRef Child(string key)
    {
        if (_children.TryGetValue(key, out var child))
        {
            return child;
        }

        var floor = _highWater + 1;
        child = Context.ActorOf(
            Props.Create(() => new OrderActor(key, _deps, floor)),
            "order-" + Uri.EscapeDataString(key));
        Context.Watch(child);
        _children[key] = child;
        return child;
    }

    /// <summary>
    /// Asks IB for its open orders, the day's completed orders and executions, then tells each waiting
    /// order where it is: an order placed and then filled or cancelled while the bridge was down is in
    /// neither of the first and last lists alone, but it is among the completed orders.
    /// </summary>
    private void StartLookup()
    {
        if (_toReconcile.Count == 0 || _lookup is not null || !_health.Current.Connected)
        {
            return;
        }

        _lookup = new Lookup(new IbOrderSightings());
        RequestOpenOrders();
        // All of them, not apiOnly: orderRef does the matching, and an order touched in TWS must still be found.
        _gateway.Tell(new SendRequest(new ReqCompletedOrders(ApiOnly: false)));
        _gateway.Tell(new StartRequest(id => new ReqExecutions(id, new ExecutionFilter())));
        Timers.StartSingleTimer(ReconcileDeadlineKey, new ReconcileTimedOut(), ReconcileTimeout);
    }

    private object ListOrders(GetOrders m)
    {
        var orders = _views.Values.Where(v => m.Final is not { } final || v.Final == final);
        if (m.Before is { } before)
        {
            if (!_views.TryGetValue(before, out var anchor))
            {
                return new NotFound($"no order '{before}' to list from");
            }

            orders = orders.Where(v => v.CreatedAt < anchor.CreatedAt
                || (v.CreatedAt == anchor.CreatedAt && string.CompareOrdinal(v.IdempotencyKey, anchor.IdempotencyKey) > 0));
        }

        return new OrderList([.. orders
            .OrderByDescending(v => v.CreatedAt)
            .ThenBy(v => v.IdempotencyKey, StringComparer.Ordinal)
            .Take(m.Limit ?? int.MaxValue)]);
    }

    private void RequestOpenOrders()
    {
        _openOrders.Sent();
        _gateway.Tell(new SendRequest(new ReqAllOpenOrders()));
    }

    private void LookupPartDone(Func<Lookup, Lookup> done)
    {
        if (_lookup is null)
        {
            return;
        }

        _lookup = done(_lookup);
        if (!_lookup.Complete)
        {
            return;
        }

        Timers.Cancel(ReconcileDeadlineKey);
        if (_lookup.ExecReqId is { } reqId)
        {
            _gateway.Tell(new ReleaseRequest(reqId));
        }

        foreach (var key in _toReconcile)
        {
            var finding = _lookup.Seen.Find(key);
            _log.Info("Reconciled order {IdempotencyKey}: {Where} {OrderId} {Status}, IB filled {Filled} {Detail}",
                key, finding.Where, finding.OrderId, finding.Status, finding.Filled, finding.Detail);
            Deliver(key, finding, Self);
        }

        _toReconcile.Clear();
        _lookup = null;
    }

    private sealed record Lookup(IbOrderSightings Seen)
    {
        public bool OpenOrdersDone { get; init; }

        public bool CompletedOrdersDone { get; init; }

        public bool ExecutionsDone { get; init; }

        public int? ExecReqId { get; init; }

        public bool Complete => OpenOrdersDone && CompletedOrdersDone && ExecutionsDone;
    }

    private sealed record ReconcileTimedOut;
}
