using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WheelStrat.Simulator.Faults;
using WheelStrat.Simulator.History;
using WheelStrat.Simulator.Market;
using WheelStrat.Simulator.Trading;
using WheelStrat.Tws.Connection;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Replies;
using WheelStrat.Tws.Messages.Requests;
using WheelStrat.Tws.Wire;

namespace WheelStrat.Simulator.Server;

/// <summary>
/// A paper IB Gateway over real TCP at server version 178: handshake, market, chains, history,
/// orders, executions, account — and the faults a real gateway shows. Shared state sits behind one
/// lock (it is a test double, not a trading system); each session reads and writes on its own.
/// </summary>
public sealed partial class PaperGateway : IAsyncDisposable
{
    public const string ConnectionTimeFormat = "yyyyMMdd HH:mm:ss";
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private readonly object _gate = new();
    private readonly SimulatorOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _log;
    private readonly MarketModel _market;
    private readonly PacingRules _pacing = new();
    private readonly List<SimSession> _sessions = [];
    private readonly List<(int? ClientId, bool Clean)> _ended = [];
    private readonly Dictionary<int, OptionSeries> _optionsByConId = [];
    private readonly CancellationTokenSource _stop = new();
    private TcpListener? _listener;
    private Task? _acceptLoop;
    private ITimer? _ticker;
    private int _nextSessionId;
    private int _peakMessageRate;

    public PaperGateway(SimulatorOptions? options = null, TimeProvider? clock = null, ILogger? log = null)
    {
        _options = options ?? new SimulatorOptions();
        _clock = clock ?? TimeProvider.System;
        _log = log ?? NullLogger.Instance;
        _market = new MarketModel(new Universe(), _options.Seed, _clock);
        _cash = _options.StartingCash;
    }

    public int Port => ((IPEndPoint)_listener!.LocalEndpoint).Port;

    public SimulatorOptions Options => _options;

    public FaultSwitches Faults { get; } = new();

    public RequestLog Log { get; } = new();

    public MarketModel Market => _market;

    public int PacingViolations
    {
        get
        {
            lock (_gate)
            {
                return _pacing.Violations;
            }
        }
    }

    /// <summary>IB's limit of client messages per second per connection (error 100 and a disconnect above it).</summary>
    public const int MaxMessagesPerSecond = 50;

    /// <summary>The most messages any one connection sent within one second (a sliding window), for tests and /log.</summary>
    public int PeakMessageRate
    {
        get
        {
            lock (_gate)
            {
                return _peakMessageRate;
            }
        }
    }

    /// <summary>How many connections this gateway closed for exceeding <see cref="MaxMessagesPerSecond"/>.</summary>
    public int MessageRateDisconnects { get; private set; }

    /// <summary>How each finished session ended: clean (the client closed) or not (reset, bad frame).</summary>
    public IReadOnlyList<(int? ClientId, bool Clean)> Ended
    {
        get
        {
            lock (_gate)
            {
                return [.. _ended];
            }
        }
    }

    /// <summary>History requests taken while the HMDS farm was down and neither answered nor cancelled.</summary>
    public int UnansweredHistoryRequests
    {
        get
        {
            lock (_gate)
            {
                return _sessions.Sum(s => s.UnansweredHistory.Count);
            }
        }
    }

    /// <summary>Client ids of the sessions connected right now.</summary>
    public IReadOnlyList<int?> ConnectedClients
    {
        get
        {
            lock (_gate)
            {
                return [.. _sessions.Where(s => s.IsOpen).Select(s => s.ClientId)];
            }
        }
    }

    public Task StartAsync()
    {
        _listener = new TcpListener(_options.ListenAddress, _options.Port);
        _listener.Start();
        _acceptLoop = Task.Run(AcceptLoopAsync);
        _ticker = _clock.CreateTimer(_ => Tick(), null, _options.TickInterval, _options.TickInterval);
        _log.LogInformation("Paper IB Gateway listening on {Address}:{Port} (server version {Version}, seed {Seed})", _options.ListenAddress, Port, ProtocolVersion.Pinned, _options.Seed);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _ticker?.Dispose();
        _listener?.Stop();
        if (_acceptLoop is not null)
        {
            await _acceptLoop;
        }

        List<SimSession> sessions;
        lock (_gate)
        {
            sessions = [.. _sessions];
            _sessions.Clear();
        }

        foreach (var s in sessions)
        {
            await s.DisposeAsync();
        }

        _stop.Dispose();
    }

    // ---- faults that act on live sessions --------------------------------------------------

    /// <summary>Drops every connection, as when the gateway dies or the network breaks.</summary>
    public void DropConnections() => ForEachSession(s => s.Close());

    /// <summary>The daily restart: drop everyone, refuse connects for a while, then accept again.</summary>
    public void DailyRestart(TimeSpan refuseFor)
    {
        Faults.RefuseUntil(_clock.GetUtcNow() + refuseFor);
        DropConnections();
    }

    public void SendConnectivityLost() => Broadcast(new ErrMsg(-1, 1100, "Connectivity between IB and Trader Workstation has been lost."));

    public void SendRestoredDataLost() => Broadcast(new ErrMsg(-1, 1101, "Connectivity between IB and Trader Workstation has been restored - data lost."));

    public void SendRestoredDataMaintained() => Broadcast(new ErrMsg(-1, 1102, "Connectivity between IB and Trader Workstation has been restored - data maintained."));

    /// <summary>A market-data farm blip: 2103 broken, then 2104 OK. Streaming stops until resubscribed, as at IB.</summary>
    public void MarketDataFarmBlip()
    {
        HoldFarmDown(DataFarm.UsFarm);
        RestoreFarm(DataFarm.UsFarm);
    }

    /// <summary>
    /// A farm outage that lasts until <see cref="RestoreFarm"/>: the broken notice (2103/2105) to every session
    /// and to each new one; meanwhile lines on a market-data farm get no ticks (quotes freeze, as at IB) and
    /// the HMDS farm answers no history request.
    /// </summary>
    public void HoldFarmDown(DataFarm farm)
    {
        lock (_gate)
        {
            if (Faults.HoldDown(farm))
            {
                Broadcast(new ErrMsg(-1, farm.BrokenCode, farm.BrokenMessage));
            }
        }
    }

    /// <summary>
    /// The OK notice (2104/2106). A market-data farm's lines stay silent until requested again and the
    /// history requests the HMDS farm swallowed stay unanswered: both were lost with the farm, as at IB.
    /// </summary>
    public void RestoreFarm(DataFarm farm)
    {
        lock (_gate)
        {
            if (!Faults.Restore(farm))
            {
                return;
            }

            ForEachSession(s =>
            {
                if (farm.IsMarketData)
                {
                    foreach (var reqId in s.Subscriptions.Where(kv => FarmOf(kv.Value) == farm).Select(kv => kv.Key).ToList())
                    {
                        s.Subscriptions.Remove(reqId);
                    }
                }
                else
                {
                    s.UnansweredHistory.Clear();
                }

                s.Send(new ErrMsg(-1, farm.OkCode, farm.OkMessage));
            });
        }
    }

    /// <summary>A competing live session elsewhere: 10197 on every live line, and no line ticks until <see cref="EndCompetingSession"/>.</summary>
    public void StartCompetingSession()
    {
        lock (_gate)
        {
            Faults.CompetingSession = true;
            ForEachSession(s =>
            {
                foreach (var reqId in s.Subscriptions.Keys)
                {
                    s.Send(CompetingSessionNotice(reqId));
                }
            });
        }
    }

    /// <summary>The other session logged out: the lines tick again, with no notice (IB sends none).</summary>
    public void EndCompetingSession()
    {
        lock (_gate)
        {
            Faults.CompetingSession = false;
        }
    }

    /// <summary>
    /// <paramref name="count"/> broken frames of one kind to every session. A bad tick claims the session's
    /// first market-data line, so a client that wrongly accepted it would show it in a quote.
    /// </summary>
    public void SendMalformedFrame(MalformedFrame kind, int count = 1) => ForEachSession(s =>
    {
        var frame = MalformedFrames.Build(kind, s.Subscriptions.Keys.DefaultIfEmpty(1).First());
        for (var i = 0; i < count; i++)
        {
            s.SendRaw(frame);
        }
    });

    // ---- connections ---------------------------------------------------------------------

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (Faults.IsRefusing(_clock.GetUtcNow()))
            {
                // IB Gateway at its login screen or mid-restart: the connection goes nowhere.
                socket.Dispose();
                continue;
            }

            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        var wire = new TwsServerSession(socket);
        var session = new SimSession(Interlocked.Increment(ref _nextSessionId), wire, () => Faults.SlowRepliesMs);
        try
        {
            using var handshakeDeadline = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            handshakeDeadline.CancelAfter(TimeSpan.FromSeconds(30));
            var hello = await wire.ReadClientHelloAsync(handshakeDeadline.Token);
            if (!hello.Accepts(ProtocolVersion.Pinned))
            {
                _log.LogWarning("Session {Session}: client range v{Min}..{Max} excludes {Version}; closing", session.Id, hello.MinVersion, hello.MaxVersion, ProtocolVersion.Pinned);
                await session.DisposeAsync();
                return;
            }

            while (Faults.Stalled && !_stop.IsCancellationRequested)
            {
                // A stalled gateway accepts and says nothing, not even its version.
                await Task.Delay(100, _stop.Token);
            }

            var now = TimeZoneInfo.ConvertTime(_clock.GetUtcNow(), NewYork);
            await wire.AcceptAsync(ProtocolVersion.Pinned, now.ToString(ConnectionTimeFormat, CultureInfo.InvariantCulture) + " EST", handshakeDeadline.Token);
            lock (_gate)
            {
                _sessions.Add(session);
            }

            await wire.RunAsync(request => OnRequest(session, request));
            lock (_gate)
            {
                _ended.Add((session.ClientId, !session.Completion.IsFaulted));
            }

            if (session.Completion.IsFaulted)
            {
                _log.LogWarning("Session {Session} (client {ClientId}) closed after a bad frame: {Error}", session.Id, session.ClientId, session.Completion.Exception?.GetBaseException().Message);
            }
            else
            {
                _log.LogInformation("Session {Session} (client {ClientId}) disconnected", session.Id, session.ClientId);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or TwsProtocolException or IOException or SocketException)
        {
            _log.LogInformation("Session {Session} ended during the handshake: {Error}", session.Id, ex.Message);
        }
        finally
        {
            lock (_gate)
            {
                _sessions.Remove(session);
            }

            await session.DisposeAsync();
        }
    }

    private void OnRequest(SimSession session, ITwsRequest request)
    {
        // Counted as it comes off the socket (each session reads on its own), not after waiting for the lock:
        // a tick burst holding the lock would otherwise bunch arrivals together.
        var rate = session.Rate.Record();
        lock (_gate)
        {
            Log.Add(session.Id, session.ClientId, _clock.GetUtcNow(), request);
            if (Faults.Stalled || OverMessageRate(session, rate))
            {
                return;
            }

            if (session.ClientId is null && request is not StartApi)
            {
                return; // IB ignores requests before startApi.
            }

            if (Faults.HalfAnswering && request is ReqContractDetails or ReqHistoricalData or ReqExecutions)
            {
                if (request is ReqHistoricalData h)
                {
                    session.UnansweredHistory.Add(h.ReqId);
                }

                return;
            }

            Handle(session, request);
        }
    }

    private void Handle(SimSession s, ITwsRequest request)
    {
        switch (request)
        {
            case StartApi start:
                OnStartApi(s, start);
                break;
            case ReqCurrentTime:
                s.Send(new CurrentTime(_clock.GetUtcNow().ToUnixTimeSeconds()));
                break;
            case ReqIds:
                s.Send(new NextValidId(NextOrderId(s.ClientId!.Value)));
                break;
            case ReqManagedAccts:
                s.Send(new ManagedAccounts(_options.Account));
                break;
            case ReqMarketDataType t:
                s.MarketDataType = t.MarketDataType;
                break;
            case ReqMktData m:
                Subscribe(s, m);
                break;
            case CancelMktData c:
                s.Subscriptions.Remove(c.ReqId);
                break;
            case CancelHistoricalData c:
                s.UnansweredHistory.Remove(c.ReqId);
                break;
            case ReqContractDetails d:
                ContractDetailsFor(s, d);
                break;
            case ReqSecDefOptParams p:
                OptionParameters(s, p);
                break;
            case ReqHistoricalData h:
                Historical(s, h);
                break;
            case PlaceOrder p:
                Place(s, p);
                break;
            case CancelOrder c:
                Cancel(s, c);
                break;
            case ReqOpenOrders:
                OpenOrders(s, all: s.ClientId == 0);
                break;
            case ReqAllOpenOrders:
                OpenOrders(s, all: true);
                break;
            case ReqCompletedOrders:
                CompletedOrders(s);
                break;
            case ReqExecutions e:
                Executions(s, e);
                break;
            case ReqPositions:
                Positions(s);
                break;
            case ReqAccountSummary a:
                AccountSummaryFor(s, a);
                break;
            case ReqAccountUpdates u when u.Subscribe:
                AccountUpdates(s);
                break;
            case ReqAccountUpdatesMulti m:
                AccountUpdatesMulti(s, m);
                break;
        }
    }

    /// <summary>
    /// IB's behaviour above 50 messages a second: error 100 naming the limit and the count, then the
    /// connection closes; the message that broke the limit is not handled.
    /// </summary>
    private bool OverMessageRate(SimSession s, int rate)
    {
        if (s.OverRate)
        {
            return true;
        }

        _peakMessageRate = Math.Max(_peakMessageRate, rate);
        if (rate <= MaxMessagesPerSecond || !Faults.EnforceMessageRate)
        {
            return false;
        }

        s.OverRate = true;
        _log.LogWarning("Session {Session} (client {ClientId}) sent {Rate} messages within a second; closing it (error 100)", s.Id, s.ClientId, rate);
        MessageRateDisconnects++;
        s.Wire.TrySend(new ErrMsg(-1, 100, $"Max rate of messages per second has been exceeded:max={MaxMessagesPerSecond} rec={rate} (1)"));
        _ = s.DisposeAsync().AsTask();
        return true;
    }

    private void OnStartApi(SimSession s, StartApi start)
    {
        if (s.ClientId is not null)
        {
            return;
        }

        var inUse = _sessions.Any(o => o != s && o.IsOpen && o.ClientId == start.ClientId);
        if (inUse || Faults.TakeClientIdInUse())
        {
            // IB's behaviour: the error, then the socket closes.
            s.Wire.TrySend(new ErrMsg(-1, 326, "Unable to connect as the client id is already in use. Retry with a unique client id."));
            _ = s.DisposeAsync().AsTask();
            return;
        }

        s.ClientId = start.ClientId;
        _log.LogInformation("Session {Session} started API as client {ClientId}", s.Id, start.ClientId);
        s.Send(new ManagedAccounts(_options.Account));
        s.Send(new NextValidId(NextOrderId(start.ClientId)));
        foreach (var farm in DataFarm.All)
        {
            s.Send(Faults.IsFarmDown(farm) ? new ErrMsg(-1, farm.BrokenCode, farm.BrokenMessage) : new ErrMsg(-1, farm.OkCode, farm.OkMessage));
        }

        s.Send(new ErrMsg(-1, 2158, "Sec-def data farm connection is OK:secdefnj"));
    }

    private void ForEachSession(Action<SimSession> action)
    {
        lock (_gate)
        {
            foreach (var s in _sessions.Where(s => s.ClientId is not null))
            {
                action(s);
            }
        }
    }

    private void Broadcast(ITwsReply reply) => ForEachSession(s => s.Send(reply));

    private void Tick()
    {
        lock (_gate)
        {
            if (Faults.Stalled)
            {
                return;
            }

            foreach (var s in _sessions.Where(s => s.ClientId is not null))
            {
                foreach (var (reqId, conId) in s.Subscriptions.Where(kv => IsStreaming(kv.Value)))
                {
                    SendTicks(s, reqId, conId, initial: false);
                }
            }

            MatchRestingOrders();
        }
    }
}
