using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using WheelStrat.Actors.Diagnostics;
using WheelStrat.Actors.Gateway;
using WheelStrat.Tws.Messages.Replies;
using WheelStrat.Actors.Gateway.Requests;
using static WheelStrat.Actors.Gateway.GatewayProtocol;
using static WheelStrat.Actors.Gateway.Requests.IbRequestProtocol;
using static WheelStrat.Actors.Orders.OrdersProtocol;
using ExecutionFilter = WheelStrat.Tws.Messages.Requests.ExecutionFilter;
using ReqAllOpenOrders = WheelStrat.Tws.Messages.Requests.ReqAllOpenOrders;
using ReqCompletedOrders = WheelStrat.Tws.Messages.Requests.ReqCompletedOrders;
using ReqExecutions = WheelStrat.Tws.Messages.Requests.ReqExecutions;

namespace WheelStrat.Actors.Orders;

/// <summary>
/// The "is it at IB?" lookups (a child of the <see cref="OrderIndex"/>): for orders whose submission is unknown,
/// and for every unfinished order on a new gateway session, asks IB for its open orders, the day's completed
/// orders and executions, then tells each waiting order (through the shard region) where it was found by orderRef.
/// </summary>
public sealed class OrderReconciler : ObservedActor, IWithTimers
{
    private const string DeadlineKey = "reconcile-deadline";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private readonly IActorRef _gateway;
    private readonly IActorRef _region;
    private readonly GatewayHealthBoard _health;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly OpenOrdersRequests _openOrders = new();
    private readonly HashSet<string> _toReconcile = [];
    private Lookup? _lookup;

    public OrderReconciler(IActorRef gateway, IActorRef region, GatewayHealthBoard health)
    {
        _gateway = gateway;
        _region = region;
        _health = health;

        Receive<Reconcile>(m =>
        {
            _toReconcile.UnionWith(m.Keys);
            StartLookup();
        });
        Receive<NewSession>(m =>
        {
            // A lookup of the old session waits for answers that died with its socket: start over.
            _openOrders.SessionChanged();
            Abandon();
            _toReconcile.UnionWith(m.Unfinished);
            StartLookup();
        });
        Receive<RequestCompleted<IReadOnlyList<ExecDetails>>>(m =>
        {
            if (_lookup is not null && Sender.Equals(_lookup.Executions))
            {
                foreach (var execution in m.Result)
                {
                    _lookup.Seen.Add(execution);
                }

                PartDone(l => l with { ExecutionsDone = true });
            }
        });
        Receive<RequestFailed>(m =>
        {
            if (_lookup is not null && Sender.Equals(_lookup.Executions))
            {
                _log.Warning("Order reconciliation could not read IB's executions: {Reason}; will retry on the next connect", m.Failure.Message);
                Abandon();
            }
        });
        Receive<OpenOrder>(m => _lookup?.Seen.Add(m));
        Receive<CompletedOrder>(m => _lookup?.Seen.Add(m));
        Receive<RefreshOpenOrders>(_ => RequestOpenOrders());
        Receive<OpenOrderEnd>(_ =>
        {
            if (_openOrders.Ended())
            {
                PartDone(l => l with { OpenOrdersDone = true });
            }
        });
        Receive<CompletedOrdersEnd>(_ => PartDone(l => l with { CompletedOrdersDone = true }));
        Receive<TimedOut>(_ =>
        {
            _log.Warning("Order reconciliation got no complete answer from IB; will retry on the next connect");
            Abandon();
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override string Kind => "orders-reconciler";

    protected override void PreStart()
    {
        // Orders with no owner (placed before a restart, or by another client) arrive here.
        Context.System.EventStream.Subscribe(Self, typeof(OpenOrder));
        Context.System.EventStream.Subscribe(Self, typeof(OpenOrderEnd));
        // completedOrder has no orderId or reqId, so it always arrives here.
        Context.System.EventStream.Subscribe(Self, typeof(CompletedOrder));
        Context.System.EventStream.Subscribe(Self, typeof(CompletedOrdersEnd));
        base.PreStart();
    }

    /// <summary>
    /// Asks IB for its open orders, the day's completed orders and executions: an order placed and then filled or
    /// cancelled while the bridge was down is in neither the first nor the last list alone, but it is among the
    /// completed orders.
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
        _lookup = _lookup with
        {
            Executions = Context.ActorOf(IbRequests.Collect<ExecDetails, ExecDetailsEnd>(_gateway, new ExecutionsRequest(new ExecutionFilter()), Timeout)),
        };
        Timers.StartSingleTimer(DeadlineKey, TimedOut.Instance, Timeout);
    }

    /// <summary>Gives up on the lookup under way (a new session, or no complete answer): its executions request stops with it.</summary>
    private void Abandon()
    {
        if (_lookup?.Executions is { } executions)
        {
            Context.Stop(executions);
        }

        _lookup = null;
        Timers.Cancel(DeadlineKey);
    }

    private void RequestOpenOrders()
    {
        _openOrders.Sent();
        _gateway.Tell(new SendRequest(new ReqAllOpenOrders()));
    }

    private void PartDone(Func<Lookup, Lookup> done)
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

        Timers.Cancel(DeadlineKey);

        foreach (var key in _toReconcile)
        {
            var finding = _lookup.Seen.Find(key);
            _log.Info("Reconciled order {IdempotencyKey}: {Where} {OrderId} {Status}, IB filled {Filled} {Detail}",
                key, finding.Where, finding.OrderId, finding.Status, finding.Filled, finding.Detail);
            _region.Tell(new ShardingEnvelope(key, finding), Self);
        }

        _toReconcile.Clear();
        _lookup = null;
    }

    /// <summary>A new gateway session, with every order the index knows to be unfinished.</summary>
    internal sealed record NewSession(IReadOnlyCollection<string> Unfinished);

    private sealed record Lookup(IbOrderSightings Seen)
    {
        public bool OpenOrdersDone { get; init; }

        public bool CompletedOrdersDone { get; init; }

        public bool ExecutionsDone { get; init; }

        /// <summary>The reqExecutions child: executions are the third list a lookup needs.</summary>
        public IActorRef? Executions { get; init; }

        public bool Complete => OpenOrdersDone && CompletedOrdersDone && ExecutionsDone;
    }

    private sealed record TimedOut { public static readonly TimedOut Instance = new(); }
}
