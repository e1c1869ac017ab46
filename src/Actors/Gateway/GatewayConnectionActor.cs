using System.Collections.Immutable;
using System.Net.Sockets;
using Akka.Actor;
using WheelStrat.Actors.Diagnostics;
using Akka.Event;
using Microsoft.Extensions.Options;
using WheelStrat.Tws.Connection;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Replies;
using WheelStrat.Tws.Messages.Requests;
using WheelStrat.Tws.Wire;
using static WheelStrat.Actors.Gateway.GatewayProtocol;

namespace WheelStrat.Actors.Gateway;

/// <summary>
/// The one owner of the TWS socket. Disconnected → Connecting → Connected (and back), each a Become
/// state. Reconnects with jittered exponential backoff, pings with reqCurrentTime whatever the socket
/// claims, gives every startup step its own deadline, slows to a capped rate while the gateway sits at
/// its login screen, rotates client ids on 326, and routes every reply to the actor that owns its id.
/// Every client→IB message passes one <see cref="OutboundGovernor{T}"/>, so the session never exceeds
/// IB's message rate whatever the rest of the bridge asks for. No other component opens or retries a socket.
/// </summary>
public sealed class GatewayConnectionActor : ObservedActor, IWithTimers, IWithStash
{
    protected override string Kind => "gateway-connection";

    /// <summary>Request ids start high so that an errMsg id can never be mistaken for an order id.</summary>
    public const int FirstRequestId = 10_000_000;

    private const string RetryKey = "retry";
    private const string HeartbeatKey = "heartbeat";
    private const string StableKey = "stable";
    private const string DecodeQuietKey = "decode-quiet";
    private const string DecodeErrorsReason = "messages from IB do not decode";
    private const string OutboundKey = "outbound";
    private const string NextValidIdStep = "nextValidId";
    private const string AccountsStep = "managedAccounts";
    private const string ConnectivityLostReason = "IB connectivity lost (1100)";
    private const string CompetingSessionReason = "no market data during a competing live session (10197)";
    private static readonly TimeSpan CompetingSessionQuietPeriod = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DecodeWarningPeriod = TimeSpan.FromMinutes(1);

    private readonly GatewayOptions _options;
    private readonly ITwsConnector _connector;
    private readonly GatewayHealthBoard _board;
    private readonly TimeProvider _time;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ReconnectBackoff _backoff;
    private readonly Dictionary<int, IActorRef> _requestOwners = [];

    /// <summary>Sent requests IB still holds and can cancel: cancelled when their owner stops before their end.</summary>
    private readonly Dictionary<int, Requests.IbRequest> _openRequests = [];
    private readonly Dictionary<int, IActorRef> _orderOwners = [];
    private readonly WarningThrottle _decodeWarnings = new(DecodeWarningPeriod);
    private readonly DecodeErrorRate _decodeErrorRate;
    private readonly OutboundGovernor<Outbound> _outbound;
    private readonly List<Dequeued<Outbound>> _ready = [];
    private readonly List<Dequeued<Outbound>> _expired = [];
    private readonly Dictionary<IActorRef, int> _waitingOwners = [];
    private readonly HashSet<IActorRef> _stoppedOwners = [];

    private GatewayHealth _health;
    private int _clientIdIndex;
    private int _generation;
    private int _sessionsOpened;
    private ITwsConnection? _connection;
    private CancellationTokenSource? _connectDeadline;
    private int _nextRequestId = FirstRequestId;
    private int? _nextOrderId;
    private DateTimeOffset? _refusedSince;
    private int _missedHeartbeats;
    private bool _heartbeatOutstanding;
    private bool _haveNextValidId;
    private bool _haveAccounts;
    private OutboundStats _outboundStats;

    public GatewayConnectionActor(IOptions<GatewayOptions> options, ITwsConnector connector, GatewayHealthBoard board, TimeProvider time)
    {
        _options = options.Value;
        _connector = connector;
        _board = board;
        _time = time;
        _backoff = new ReconnectBackoff(_options.BackoffMin, _options.BackoffMax, _options.BackoffJitter, new Random());
        _decodeErrorRate = new DecodeErrorRate(_options.DecodeErrorsDegradeAt, _options.DecodeErrorWindow);
        _health = board.Current with { ActorRestarts = board.RecordStart() - 1 };
        _outbound = new OutboundGovernor<Outbound>(_options.MaxMessagesPerSecond, _options.OutboundQueueCapacity, time);
        // Counts live on across supervisor restarts, like the health snapshot's.
        _outboundStats = board.Outbound with { MaxPerSecond = _options.MaxMessagesPerSecond };
        // Continue the count across supervisor restarts, so a generation names one session for the process's life.
        _generation = (int)_health.ReconnectAttempts;
        Disconnected();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public IStash Stash { get; set; } = null!;

    private int ClientId => _options.ClientIds[_clientIdIndex % _options.ClientIds.Length];

    private DateTimeOffset Now => _time.GetUtcNow();

    protected override void PreStart()
    {
        // A restarted actor starts with empty queues: say so before the first message.
        PublishOutbound();
        StartConnect();
    }

    protected override void PostStop()
    {
        // Graceful shutdown: close the socket so IB sees a clean disconnect, not a timeout.
        DisposeConnection();
    }

    // ---- states -------------------------------------------------------------------------

    private void Disconnected()
    {
        Receive<RetryTick>(_ => StartConnect());
        Receive<ConnectNow>(_ =>
        {
            Timers.Cancel(RetryKey);
            StartConnect();
        });
        ReceiveUnavailable();
    }

    private void Connecting()
    {
        Receive<Connected>(m => m.Generation == _generation, OnConnected);
        Receive<Connected>(m => DisposeStale(m.Connection));
        Receive<ConnectFailed>(m => m.Generation == _generation, m => OnConnectFailed(DescribeConnectError(m.Error), IsRefusal(m.Error)));
        // The reader loop starts inside ConnectAsync, so the first replies can overtake "Connected".
        Receive<Inbound>(m => m.Generation == _generation, _ => Stash.Stash());
        Receive<ConnectNow>(_ => { });
        ReceiveUnavailable();
    }

    private void Online()
    {
        Receive<Inbound>(m => m.Generation == _generation, m => OnReply(m.Reply));
        Receive<ConnectionClosed>(m => m.Generation == _generation, m => OnSessionLost(
            m.Error is null ? "the gateway closed the connection" : $"connection error: {m.Error.Message}"));
        Receive<HeartbeatTick>(_ => OnHeartbeatTick());
        Receive<StartupStepOverdue>(OnStartupStepOverdue);
        Receive<StableTick>(_ => _backoff.Reset());
        Receive<DecodeErrorsQuiet>(_ => OnDecodeErrorsQuiet());
        Receive<SendIbRequest>(OnSendIbRequest);
        Receive<SendRequest>(m => Offer(new OutboundSend(m.Request), notAfter: null));
        Receive<ReleaseOutbound>(_ => OnReleaseOutbound());
        Receive<PlaceNewOrder>(OnPlaceNewOrder);
        Receive<ClaimOrder>(m => Own(_orderOwners, m.OrderId, Sender));
        Receive<TellIfConnected>(_ => Sender.Tell(new GatewayConnected(_generation, _connection!.ClientId, _connection.ServerVersion)));
        Receive<DropConnection>(m => OnSessionLost(m.Reason));
        Receive<ConnectNow>(_ => { });
        ReceiveAny(OnOther);
    }

    /// <summary>While there is no session: answer at once, never stash work that may wait for minutes.</summary>
    private void ReceiveUnavailable()
    {
        Receive<SendIbRequest>(_ => Sender.Tell(new RequestNotStarted(UnavailableReason())));
        Receive<PlaceNewOrder>(_ => Sender.Tell(new GatewayUnavailable(UnavailableReason())));
        Receive<ClaimOrder>(m => Own(_orderOwners, m.OrderId, Sender));
        ReceiveAny(OnOther);
    }

    private void OnOther(object message)
    {
        switch (message)
        {
            case Terminated t:
                RemoveOwner(t.ActorRef);
                if (_waitingOwners.ContainsKey(t.ActorRef))
                {
                    _stoppedOwners.Add(t.ActorRef);
                }

                break;
            case Connected stale:
                DisposeStale(stale.Connection);
                break;
            case SendRequest or TellIfConnected or DropConnection or Inbound or ConnectionClosed or ConnectFailed
                or HeartbeatTick or StableTick or StartupStepOverdue or RetryTick or DecodeErrorsQuiet
                or ReleaseOutbound:
                // Leftovers of an earlier session or state: nothing to do.
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    // ---- connecting ---------------------------------------------------------------------

    private void StartConnect()
    {
        DisposeConnection();
        _generation++;
        var generation = _generation;
        var self = Self;
        _connectDeadline = new CancellationTokenSource(_options.ConnectTimeout);
        var target = new TwsConnectOptions(_options.Host, _options.Port, ClientId);
        Update(h => h with
        {
            Status = h.Status == GatewayStatus.AwaitingLogin ? GatewayStatus.AwaitingLogin : GatewayStatus.Connecting,
            LastReconnectAttemptAt = Now,
            ReconnectAttempts = h.ReconnectAttempts + 1,
            NextReconnectAt = null,
            ReconnectDelay = null,
        });
        BridgeMetrics.ConnectAttempts.Add(1);
        _log.Info("Connecting to IB Gateway {GatewayHost}:{GatewayPort} as client {ClientId} (attempt {Attempt})",
            _options.Host, _options.Port, target.ClientId, _health.ReconnectAttempts);

        _connector.ConnectAsync(target, reply => self.Tell(new Inbound(generation, reply)), _connectDeadline.Token)
            .PipeTo(self, success: c => new Connected(generation, c), failure: ex => new ConnectFailed(generation, ex));
        Become(Connecting);
    }

    private void OnConnected(Connected m)
    {
        _connection = m.Connection;
        _sessionsOpened++;
        _refusedSince = null;
        _missedHeartbeats = 0;
        _heartbeatOutstanding = false;
        _haveNextValidId = false;
        _haveAccounts = false;
        var generation = m.Generation;
        m.Connection.Completion.ContinueWith(
                t => new ConnectionClosed(generation, t.Exception?.GetBaseException()),
                TaskScheduler.Default)
            .PipeTo(Self);

        Update(h => (h with
        {
            Status = GatewayStatus.Degraded,
            Connected = true,
            ServerVersion = m.Connection.ServerVersion,
            ClientId = m.Connection.ClientId,
            ConnectedSince = Now,
            IbConnectivityLost = false,
            ReadOnlySince = null,
            IbConnectivityLostSince = null,
            CompetingSession = false,
            // The new session reports every farm again at once.
            Farms = ImmutableDictionary<string, FarmState>.Empty,
            LastReconnectError = null,
            DegradedReasons = [$"waiting for {NextValidIdStep}", $"waiting for {AccountsStep}"],
        }).WithEvent(Now, "connected", $"client {m.Connection.ClientId}, server version {m.Connection.ServerVersion}"));
        _log.Info("Connected to IB Gateway: server version {ServerVersion}, client {ClientId}", m.Connection.ServerVersion, m.Connection.ClientId);

        Timers.StartPeriodicTimer(HeartbeatKey, HeartbeatTick.Instance, _options.HeartbeatInterval);
        Timers.StartSingleTimer(StableKey, StableTick.Instance, _options.StableAfter);
        Timers.StartSingleTimer(NextValidIdStep, new StartupStepOverdue(NextValidIdStep), _options.StartupStepTimeout);
        Timers.StartSingleTimer(AccountsStep, new StartupStepOverdue(AccountsStep), _options.StartupStepTimeout);
        Become(Online);
        Stash.UnstashAll();

        Context.System.EventStream.Publish(new GatewayConnected(m.Generation, m.Connection.ClientId, m.Connection.ServerVersion));
        if (_sessionsOpened > 1)
        {
            Context.System.EventStream.Publish(new ResubscribeNeeded(ResubscribeReason.Reconnected));
        }
    }

    private void OnConnectFailed(string reason, bool refused)
    {
        DisposeConnection();
        Stash.ClearStash();
        _log.Warning("Connect to IB Gateway failed: {Reason}", reason);
        Update(h => (h with { ReconnectFailures = h.ReconnectFailures + 1, LastReconnectError = reason }).WithRepeatedEvent(Now, "connectFailed", reason));
        ScheduleRetry(refused);
    }

    private void ScheduleRetry(bool refused)
    {
        if (refused)
        {
            _refusedSince ??= Now;
        }
        else
        {
            _refusedSince = null;
        }

        var awaitingLogin = _refusedSince is { } since && Now - since >= _options.AwaitingLoginAfter;
        var delay = awaitingLogin ? _options.AwaitingLoginRetryInterval : _backoff.Next();
        Timers.StartSingleTimer(RetryKey, RetryTick.Instance, delay);
        Update(h =>
        {
            var next = h with
            {
                Status = awaitingLogin ? GatewayStatus.AwaitingLogin : GatewayStatus.Disconnected,
                Connected = false,
                NextReconnectAt = Now + delay,
                ReconnectDelay = delay,
            };
            return awaitingLogin && h.Status != GatewayStatus.AwaitingLogin
                ? next.WithEvent(Now, "awaitingLogin", $"connects refused since {_refusedSince:O}; retrying every {delay.TotalSeconds:0}s")
                : next;
        });
        Become(Disconnected);
    }

    // ---- online -------------------------------------------------------------------------

    private void OnSessionLost(string reason)
    {
        _log.Warning("IB Gateway session lost: {Reason}", reason);
        BridgeMetrics.Disconnects.Add(1);
        DisposeConnection();
        Timers.Cancel(HeartbeatKey);
        Timers.Cancel(StableKey);
        Timers.Cancel(NextValidIdStep);
        Timers.Cancel(AccountsStep);
        Timers.Cancel(DecodeQuietKey);
        _decodeErrorRate.Reset();
        Timers.Cancel(OutboundKey);
        foreach (var waiting in _outbound.Clear())
        {
            Refuse(waiting, "not sent: the session to IB Gateway was lost while it waited for the message rate", deadlinePassed: false);
        }

        PublishOutbound();

        // Request ids die with the session; order ids live on at IB.
        _requestOwners.Clear();
        _openRequests.Clear();
        // One snapshot: readers must never see "ok" beside connected=false and a fresh disconnect.
        Update(h => (h with
        {
            Status = GatewayStatus.Disconnected,
            Connected = false,
            ConnectedSince = null,
            LastDisconnectAt = Now,
            LastDisconnectReason = reason,
            IbConnectivityLost = false,
            ReadOnlySince = null,
            IbConnectivityLostSince = null,
            CompetingSession = false,
            DegradedReasons = [],
        }).WithEvent(Now, "disconnected", reason));
        Context.System.EventStream.Publish(new GatewayDisconnected(reason));
        ScheduleRetry(refused: false);
    }

    private void OnHeartbeatTick()
    {
        if (_heartbeatOutstanding)
        {
            _missedHeartbeats++;
            var error = $"no reply to reqCurrentTime within {_options.HeartbeatInterval.TotalSeconds:0.#}s ({_missedHeartbeats}/{_options.HeartbeatMisses})";
            Update(h => h with { HeartbeatFailures = h.HeartbeatFailures + 1, LastHeartbeatError = error });
            if (_missedHeartbeats >= _options.HeartbeatMisses)
            {
                OnSessionLost($"heartbeat: {_missedHeartbeats} reqCurrentTime unanswered");
                return;
            }
        }

        _heartbeatOutstanding = true;
        Offer(new OutboundSend(new ReqCurrentTime()), notAfter: null);
    }

    private void OnStartupStepOverdue(StartupStepOverdue m)
    {
        var done = m.Step == NextValidIdStep ? _haveNextValidId : _haveAccounts;
        if (done)
        {
            return;
        }

        // Half-answering gateway: stay up, say so, ask again, keep a deadline running.
        var reason = $"no {m.Step} within {_options.StartupStepTimeout.TotalSeconds:0.#}s";
        Update(h => (h with
        {
            DegradedReasons = h.DegradedReasons.RemoveAll(r => r.Contains(m.Step, StringComparison.Ordinal)).Add(reason),
        }).WithEvent(Now, "startup", reason));
        Offer(new OutboundSend(m.Step == NextValidIdStep ? new ReqIds() : new ReqManagedAccts()), notAfter: null);
        Timers.StartSingleTimer(m.Step, m, _options.StartupStepTimeout);
    }

    private void OnSendIbRequest(SendIbRequest m)
    {
        if (_health.IbConnectivityLost)
        {
            Sender.Tell(new RequestNotStarted("IB Gateway has lost its connection to IB (1100)"));
            return;
        }

        Offer(new OutboundStart(m.Request, Sender), m.NotAfter ?? Now + _options.OutboundQueueWait);
    }

    private void OnPlaceNewOrder(PlaceNewOrder m)
    {
        if (_nextOrderId is null)
        {
            Sender.Tell(new GatewayUnavailable("IB has not sent nextValidId yet"));
            return;
        }

        if (_health.IbConnectivityLost)
        {
            Sender.Tell(new GatewayUnavailable("IB Gateway has lost its connection to IB (1100)"));
            return;
        }

        Offer(new OutboundPlace(m, Sender), m.NotAfter ?? Now + _options.OutboundQueueWait);
    }

    // ---- the outbound governor -------------------------------------------------------------

    private void Offer(Outbound message, DateTimeOffset? notAfter)
    {
        if (message is OutboundStart { Owner: var owner } && !owner.IsNobody())
        {
            // Watched while it waits, so a request whose owner stops is never sent.
            _waitingOwners[owner] = _waitingOwners.GetValueOrDefault(owner) + 1;
            Context.Watch(owner);
        }

        switch (_outbound.Offer(message, message.Priority, notAfter))
        {
            case Admission.SendNow:
                Transmit(new Dequeued<Outbound>(message, message.Priority, TimeSpan.Zero));
                break;
            case Admission.Queued:
                ArmRelease();
                break;
            default:
                Count(message.Priority, "rejected");
                _outboundStats = _outboundStats with { Rejected = _outboundStats.Rejected + 1 };
                Refuse(new Dequeued<Outbound>(message, message.Priority, TimeSpan.Zero),
                    $"not sent: {_options.OutboundQueueCapacity} {message.Priority} messages already wait for IB's rate of {_options.MaxMessagesPerSecond}/s", deadlinePassed: false);
                break;
        }

        PublishOutbound();
    }

    private void OnReleaseOutbound()
    {
        _outbound.Release(_ready, _expired);
        foreach (var expired in _expired)
        {
            Count(expired.Priority, "expired");
            Refuse(expired, $"not sent: its deadline passed after {expired.Waited.TotalSeconds:0.0}s waiting for IB's message rate", deadlinePassed: true);
        }

        foreach (var ready in _ready)
        {
            Transmit(ready);
        }

        _outboundStats = _outboundStats with
        {
            Expired = _outboundStats.Expired + _expired.Count,
            Waited = _outboundStats.Waited + _ready.Count,
            LastWait = _ready.Count > 0 ? _ready[^1].Waited : _outboundStats.LastWait,
        };
        _ready.Clear();
        _expired.Clear();
        ArmRelease();
        PublishOutbound();
    }

    private void ArmRelease()
    {
        if (_outbound.NextReleaseIn() is { } delay && !Timers.IsTimerActive(OutboundKey))
        {
            Timers.StartSingleTimer(OutboundKey, ReleaseOutbound.Instance, delay);
        }
    }

    /// <summary>Puts one message on the wire; ids and owners are settled here, at the moment it is sent.</summary>
    private void Transmit(Dequeued<Outbound> d)
    {
        Count(d.Priority, "sent");
        BridgeMetrics.OutboundWait.Record(d.Waited.TotalMilliseconds, new KeyValuePair<string, object?>("priority", d.Priority.ToString()));
        _outboundStats = _outboundStats with { Sent = _outboundStats.Sent + 1 };
        switch (d.Item)
        {
            case OutboundSend send:
                _connection!.TrySend(send.Request);
                break;
            case OutboundStart start:
                if (!Unwait(start.Owner))
                {
                    // Its owner stopped while it waited (a line released, a job cancelled): nobody would read or cancel it.
                    _log.Debug("Not sending {Request}: its owner has stopped", start.Request.Name);
                    break;
                }

                // Allocated here, when it goes: a request that expires or is refused in the queue uses no id.
                var reqId = _nextRequestId++;
                Own(_requestOwners, reqId, start.Owner);
                if (_connection!.TrySend(start.Request.Build(reqId)))
                {
                    if (start.Request.CancelFor(reqId) is not null)
                    {
                        _openRequests[reqId] = start.Request;
                    }

                    start.Owner.Tell(new RequestSent(reqId));
                }
                else
                {
                    _requestOwners.Remove(reqId);
                    start.Owner.Tell(new RequestNotStarted("the connection is closing"));
                }

                break;
            case OutboundPlace place:
                PlaceOrderNow(place.Order, place.Owner);
                break;
        }
    }

    private void PlaceOrderNow(PlaceNewOrder m, IActorRef owner)
    {
        var orderId = Math.Max(_nextOrderId!.Value, m.Minimum);
        Own(_orderOwners, orderId, owner);
        if (!_connection!.TrySend(new PlaceOrder(orderId, m.Contract, m.Order)))
        {
            _orderOwners.Remove(orderId);
            owner.Tell(new GatewayUnavailable("the connection is closing"));
            return;
        }

        _nextOrderId = orderId + 1;
        owner.Tell(new OrderIdAllocated(orderId));
    }

    /// <summary>Answers the owner of a message that will never be sent.</summary>
    private void Refuse(Dequeued<Outbound> d, string reason, bool deadlinePassed)
    {
        switch (d.Item)
        {
            case OutboundSend send:
                _log.Warning("Dropped {Request} for IB: {Reason}", send.Request.GetType().Name, reason);
                break;
            case OutboundStart start:
                Unwait(start.Owner);
                start.Owner.Tell(new RequestNotStarted(reason, deadlinePassed));
                break;
            case OutboundPlace place:
                place.Owner.Tell(new GatewayUnavailable(reason));
                break;
        }
    }

    /// <summary>One of the owner's requests leaves the queue; false when the owner stopped meanwhile.</summary>
    private bool Unwait(IActorRef owner)
    {
        var alive = !_stoppedOwners.Contains(owner);
        if (_waitingOwners.TryGetValue(owner, out var n) && n > 1)
        {
            _waitingOwners[owner] = n - 1;
        }
        else
        {
            _waitingOwners.Remove(owner);
            _stoppedOwners.Remove(owner);
        }

        return alive;
    }

    private static void Count(OutboundPriority priority, string outcome) =>
        BridgeMetrics.OutboundMessages.Add(1,
            new KeyValuePair<string, object?>("priority", priority.ToString()),
            new KeyValuePair<string, object?>("outcome", outcome));

    private void PublishOutbound()
    {
        var urgent = _outbound.Depth(OutboundPriority.Urgent);
        var marketData = _outbound.Depth(OutboundPriority.MarketData);
        var other = _outbound.Depth(OutboundPriority.Other);
        _outboundStats = _outboundStats with { UrgentQueued = urgent, MarketDataQueued = marketData, OtherQueued = other };
        _board.Publish(_outboundStats);
        BridgeMetrics.SetOutboundDepths(urgent, marketData, other);
        ReportGatewayState();
    }

    /// <summary>/admin/actors: the status, and the outbound queues when anything waits.</summary>
    private void ReportGatewayState() => ReportState(_outbound.Queued == 0
        ? _health.Status.ToString()
        : $"{_health.Status}; waiting for IB's message rate: {_outbound.Depth(OutboundPriority.Urgent)} urgent, {_outbound.Depth(OutboundPriority.MarketData)} market data, {_outbound.Depth(OutboundPriority.Other)} other");

    private void OnReply(ITwsReply reply)
    {
        switch (reply)
        {
            case CurrentTime:
                _heartbeatOutstanding = false;
                _missedHeartbeats = 0;
                Update(h => h with { LastHeartbeatAt = Now });
                break;
            case NextValidId n:
                // Never below what this bridge already handed out in this process.
                _nextOrderId = Math.Max(n.OrderId, _nextOrderId ?? 0);
                CompleteStartupStep(NextValidIdStep, ref _haveNextValidId);
                Context.System.EventStream.Publish(new OrderIdsReady(_nextOrderId.Value));
                break;
            case ManagedAccounts a:
                var accounts = a.Accounts.ToImmutableArray();
                Update(h => h with { Accounts = accounts });
                CompleteStartupStep(AccountsStep, ref _haveAccounts);
                Context.System.EventStream.Publish(new AccountsReceived(accounts));
                break;
            case ErrMsg e:
                OnIbError(e);
                break;
            case ExecDetails { ReqId: -1 } fill:
                // A live fill goes to the execution journal; its order moves once the journal has it (TradeJournaled).
                Context.System.EventStream.Publish(fill);
                break;
            case IRequestReply r:
                TellOwner(_requestOwners, r.ReqId, reply);
                NoteEnd(r.ReqId, reply);
                if (_health.CompetingSession && r is TickPrice or TickSize)
                {
                    EndCompetingSession();
                }

                break;
            case OpenOrder open:
                // Its owner follows it, and the orders manager must see every open order, owned or not: an order
                // actor restarted mid-session looks itself up, and a lookup blind to owned orders would call it lost.
                TellOwner(_orderOwners, open.OrderId, reply);
                Context.System.EventStream.Publish(reply);
                break;
            case IOrderReply o:
                if (!TellOwner(_orderOwners, o.OrderId, reply))
                {
                    Context.System.EventStream.Publish(reply);
                }

                break;
            case UndecodableMessage bad:
                OnUndecodable(bad);
                break;
            case UnknownMessage u:
                // Newer gateways send messages this bridge has no use for: expected, so counted, not an error.
                BridgeMetrics.UnknownMessages.Add(1, BridgeMetrics.MessageIdTag(u.MessageId));
                _log.Debug("Ignoring message id {MessageId} this bridge does not model", u.MessageId);
                break;
            default:
                // Positions, account updates, commission reports, open-order/completed-order ends.
                Context.System.EventStream.Publish(reply);
                break;
        }
    }

    /// <summary>
    /// The frame was whole, so the stream is still in step: only this message is lost, and the session stays.
    /// Its owner (if any) is not told: it cannot know what the message said, and its deadline still runs.
    /// </summary>
    private void OnUndecodable(UndecodableMessage bad)
    {
        BridgeMetrics.DecodeErrors.Add(1, BridgeMetrics.MessageIdTag(bad.MessageId));
        var tooMany = _decodeErrorRate.Record(Now);
        var degradedBecause = $"{DecodeErrorsReason}: {_options.DecodeErrorsDegradeAt} within {_options.DecodeErrorWindow.TotalSeconds:0.#}s, "
            + $"the last message id {bad.MessageId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unreadable"}";
        Update(h => h with
        {
            DecodeErrors = h.DecodeErrors + 1,
            LastDecodeErrorAt = Now,
            LastDecodeErrorMessageId = bad.MessageId,
            LastDecodeErrorReason = bad.Reason,
            DegradedReasons = tooMany ? h.DegradedReasons.RemoveAll(IsDecodeErrorsReason).Add(degradedBecause) : h.DegradedReasons,
        });
        if (_health.DegradedReasons.Any(IsDecodeErrorsReason))
        {
            // Restarted by every new one: degraded until a whole window passes without one.
            Timers.StartSingleTimer(DecodeQuietKey, DecodeErrorsQuiet.Instance, _options.DecodeErrorWindow);
        }

        if (_decodeWarnings.ShouldWarn(bad.MessageId ?? -1, Now, out var suppressed))
        {
            _log.Warning("IB message id {MessageId} does not decode, skipped; the session continues: {Reason} ({Length} bytes; {Suppressed} more since the last warning)",
                bad.MessageId, bad.Reason, bad.Length, suppressed);
        }
        else
        {
            _log.Debug("IB message id {MessageId} does not decode, skipped: {Reason} ({Length} bytes)", bad.MessageId, bad.Reason, bad.Length);
        }
    }

    private void OnDecodeErrorsQuiet()
    {
        _decodeErrorRate.Reset();
        Update(h => h with { DegradedReasons = h.DegradedReasons.RemoveAll(IsDecodeErrorsReason) });
    }

    private static bool IsDecodeErrorsReason(string reason) => reason.StartsWith(DecodeErrorsReason, StringComparison.Ordinal);

    private void OnIbError(ErrMsg e)
    {
        BridgeMetrics.IbErrors.Add(1, new KeyValuePair<string, object?>("code", e.Code));
        Update(h => IbCodes.IsNotice(e.Code, e.Message)
            ? h with { LastIbNoticeAt = Now, LastIbNoticeCode = e.Code, LastIbNoticeMessage = e.Message }
            : h with { LastIbErrorAt = Now, LastIbErrorCode = e.Code, LastIbErrorMessage = e.Message });

        if (IbCodes.Farm(e.Code) is { } farm)
        {
            OnFarmNotice(e, farm.Kind, farm.State);
            return;
        }

        switch (e.Code)
        {
            case IbCodes.ConnectivityLost:
                Update(h => (h with
                {
                    IbConnectivityLost = true,
                    IbConnectivityLostSince = h.IbConnectivityLostSince ?? Now,
                    DegradedReasons = h.DegradedReasons.Remove(ConnectivityLostReason).Add(ConnectivityLostReason),
                }).WithEvent(Now, "1100", e.Message));
                Context.System.EventStream.Publish(new IbConnectivityChanged(true));
                return;
            case IbCodes.RestoredDataLost or IbCodes.RestoredDataMaintained:
                Update(h => (h with
                {
                    IbConnectivityLost = false,
                    IbConnectivityLostSince = null,
                    DegradedReasons = h.DegradedReasons.Remove(ConnectivityLostReason),
                }).WithEvent(Now, e.Code.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message));
                Context.System.EventStream.Publish(new IbConnectivityChanged(false));
                if (e.Code == IbCodes.RestoredDataLost)
                {
                    Context.System.EventStream.Publish(new ResubscribeNeeded(ResubscribeReason.DataLost));
                }

                return;
            case IbCodes.ClientIdInUse:
                var used = ClientId;
                _clientIdIndex++;
                Update(h => h.WithEvent(Now, "326", $"client id {used} in use; next attempt uses {ClientId}"));
                OnSessionLost($"client id {used} already in use (326)");
                return;
            case IbCodes.ApiPortChanged:
                OnSessionLost($"API port changed in the gateway's settings (1300): {e.Message}");
                return;
            case IbCodes.CompetingSession:
                OnCompetingSession(e);
                break;
            case IbCodes.ReadOnly when IbCodes.IsReadOnlyRefusal(e.Code, e.Message) && _health.ReadOnlySince is null:
                // Every order of this session would meet the same refusal: say so once, and let orders stop here.
                _log.Warning("IB Gateway's API is read-only (321): orders are refused until a new session");
                Update(h => (h with
                {
                    ReadOnlySince = Now,
                    DegradedReasons = h.DegradedReasons.Add("IB Gateway's API is read-only (321): orders are refused until a new session"),
                }).WithEvent(Now, "321", e.Message));
                break;
        }

        NoteEnd(e.Id, e);
        if (e.Id >= 0 && !TellOwner(_requestOwners, e.Id, e) && !TellOwner(_orderOwners, e.Id, e))
        {
            _log.Info("IB error {IbErrorCode} for id {Id} with no owner: {IbErrorMessage}", e.Code, e.Id, e.Message);
        }
        else if (e.Id < 0)
        {
            _log.Info("IB notice {IbErrorCode}: {IbErrorMessage}", e.Code, e.Message);
        }
    }

    private void OnFarmNotice(ErrMsg e, string kind, string state)
    {
        var name = IbCodes.FarmName(e.Message, kind);
        var previous = _health.Farms.GetValueOrDefault(name);
        if (previous?.State == state)
        {
            // IB repeats a farm's state (on every connect, at times in between): not a change.
            return;
        }

        var farm = new FarmState(name, kind, state, Now, e.Code, DataFarms.IsUsed(name));
        Update(h =>
        {
            var reasons = h.DegradedReasons.RemoveAll(r => DataFarms.IsReasonFor(r, name));
            return (h with
            {
                Farms = h.Farms.SetItem(name, farm),
                DegradedReasons = state == DataFarms.Broken && farm.Used ? reasons.Add(DataFarms.DegradedReason(farm)) : reasons,
            }).WithEvent(Now, $"farm {state}", $"{e.Code} {name}");
        });

        if (state == DataFarms.Broken)
        {
            _log.Warning("IB data farm {Farm} ({FarmKind}) is broken ({IbErrorCode}); used by the bridge: {FarmUsed}", name, kind, e.Code, farm.Used);
        }
        else
        {
            _log.Info("IB data farm {Farm} ({FarmKind}) is {FarmState} ({IbErrorCode}), was {PreviousFarmState}", name, kind, state, e.Code, previous?.State ?? "unknown");
        }

        if (kind == DataFarms.MarketData && state == "ok" && previous?.State == DataFarms.Broken)
        {
            Context.System.EventStream.Publish(new ResubscribeNeeded(ResubscribeReason.MarketDataFarmRestored));
        }
    }

    private void OnCompetingSession(ErrMsg e)
    {
        // IB repeats 10197 for every line; a burst is one event on the timeline.
        var last = _health.CompetingSessionAt;
        if (!_health.CompetingSession)
        {
            _log.Warning("IB sends no market data: a competing live session holds it (10197): {IbErrorMessage}", e.Message);
        }

        Update(h =>
        {
            var next = h with
            {
                CompetingSession = true,
                CompetingSessionAt = Now,
                CompetingSessionNotices = h.CompetingSessionNotices + 1,
                DegradedReasons = h.DegradedReasons.Remove(CompetingSessionReason).Add(CompetingSessionReason),
            };
            return last is null || Now - last.Value > CompetingSessionQuietPeriod
                ? next.WithEvent(Now, "10197", e.Message)
                : next;
        });
    }

    /// <summary>
    /// The competing session has ended when IB sends market data again: the first price or size tick on
    /// any line after the notice. Absence of notices proves nothing (IB sends 10197 once per request).
    /// </summary>
    private void EndCompetingSession()
    {
        _log.Info("Market data flows again after the competing live session (10197)");
        Update(h => (h with
        {
            CompetingSession = false,
            DegradedReasons = h.DegradedReasons.Remove(CompetingSessionReason),
        }).WithEvent(Now, "10197 ended", "ticks resumed"));
    }

    private void CompleteStartupStep(string step, ref bool done)
    {
        done = true;
        Timers.Cancel(step);
        Update(h => h with { DegradedReasons = h.DegradedReasons.RemoveAll(r => r.Contains(step, StringComparison.Ordinal)) });
    }

    // ---- helpers ------------------------------------------------------------------------

    private void Own(Dictionary<int, IActorRef> table, int id, IActorRef owner)
    {
        table[id] = owner;
        if (!owner.IsNobody())
        {
            Context.Watch(owner);
        }
    }

    private static bool TellOwner(Dictionary<int, IActorRef> table, int id, object message)
    {
        if (!table.TryGetValue(id, out var owner))
        {
            return false;
        }

        owner.Tell(message);
        return true;
    }

    private void NoteEnd(int reqId, ITwsReply reply)
    {
        if (_openRequests.TryGetValue(reqId, out var request) && request.EndedBy(reply))
        {
            _openRequests.Remove(reqId);
        }
    }

    /// <summary>
    /// The owner stopped. A request of its that IB still holds (no end yet, a subscription) is cancelled, whether or
    /// not the owner ever heard its id: it may have stopped while <see cref="RequestSent"/> was on its way, and a
    /// message it sent as it stopped could be overtaken by this Terminated on the way through the singleton proxy.
    /// </summary>
    private void RemoveOwner(IActorRef owner)
    {
        foreach (var reqId in IdsOwnedBy(_requestOwners, owner))
        {
            _requestOwners.Remove(reqId);
            if (_openRequests.Remove(reqId, out var request))
            {
                _log.Info("Cancelling {Request} {ReqId} at IB: its owner stopped before its end", request.Name, reqId);
                Offer(new OutboundSend(request.CancelFor(reqId)!), notAfter: null);
            }
        }

        foreach (var id in IdsOwnedBy(_orderOwners, owner))
        {
            _orderOwners.Remove(id);
        }
    }

    private static List<int> IdsOwnedBy(Dictionary<int, IActorRef> table, IActorRef owner) =>
        [.. table.Where(kv => kv.Value.Equals(owner)).Select(kv => kv.Key)];

    private static void DisposeStale(ITwsConnection connection)
    {
        connection.Close();
        _ = connection.DisposeAsync().AsTask();
    }

    private void DisposeConnection()
    {
        _connectDeadline?.Cancel();
        _connectDeadline?.Dispose();
        _connectDeadline = null;
        if (_connection is { } c)
        {
            _connection = null;
            DisposeStale(c);
        }
    }

    private string UnavailableReason() => _health.Status switch
    {
        GatewayStatus.AwaitingLogin => "IB Gateway is refusing connections (waiting for login)",
        GatewayStatus.Connecting => "connecting to IB Gateway",
        _ => $"not connected to IB Gateway{(_health.LastDisconnectReason is { } r ? $": {r}" : "")}",
    };

    /// <summary>Applies a change, derives the status from the facts, and publishes the snapshot.</summary>
    private void Update(Func<GatewayHealth, GatewayHealth> change)
    {
        var next = change(_health);
        if (next.Connected)
        {
            next = next with { Status = next.DegradedReasons.IsEmpty && !next.IbConnectivityLost ? GatewayStatus.Ok : GatewayStatus.Degraded };
        }

        next = next with
        {
            DegradedSince = next.Status != GatewayStatus.Degraded ? null : _health.Status == GatewayStatus.Degraded ? _health.DegradedSince : Now,
        };

        if (next == _health)
        {
            return;
        }

        var statusChanged = next.Status != _health.Status;
        _health = next;
        ReportGatewayState();
        BridgeMetrics.SetGatewayStatus(next.Status switch
        {
            GatewayStatus.Disconnected => 0,
            GatewayStatus.Connecting => 1,
            GatewayStatus.Ok => 2,
            GatewayStatus.Degraded => 3,
            _ => 4,
        });
        _board.Publish(next);
        if (statusChanged)
        {
            _log.Info("Gateway status {GatewayStatus}", next.Status);
        }

        Context.System.EventStream.Publish(new HealthChanged(next));
    }

    private static bool IsRefusal(Exception error) => error.GetBaseException() switch
    {
        SocketException s => s.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset,
        TwsProtocolException p => p.Message.Contains("closed", StringComparison.Ordinal),
        IOException => true,
        _ => false,
    };

    private string DescribeConnectError(Exception error) => error.GetBaseException() switch
    {
        OperationCanceledException => $"no handshake within {_options.ConnectTimeout.TotalSeconds:0.#}s",
        SocketException s => $"{s.SocketErrorCode}: {s.Message}",
        var e => e.Message,
    };
}
