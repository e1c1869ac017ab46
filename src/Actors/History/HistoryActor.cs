using Akka.Actor;
using WheelStrat.Actors.Diagnostics;
using Akka.Event;
using Microsoft.Extensions.Options;
using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.Replies;
using WheelStrat.Actors.Time;
using WheelStrat.Tws.Messages.Replies;
using WheelStrat.Tws.Messages.Requests;
using static WheelStrat.Actors.Gateway.GatewayProtocol;

namespace WheelStrat.Actors.History;

public static class HistoryProtocol
{
    /// <summary>Replies <see cref="HistoryResult"/> or a Failed, never later than the caller's deadline.</summary>
    public sealed record GetHistory(HistoryQuery Query);
}

/// <summary>
/// /user/history: reqHistoricalData through a queue paced to IB's rules. Identical queries in flight
/// are merged, results cached, a pacing violation (162) is retried after the wait IB needs, and every
/// caller gets an answer by its own deadline whatever the queue looks like.
/// </summary>
public sealed class HistoryActor : ObservedActor, IWithTimers
{
    protected override string Kind => "history";

    private const string PumpKey = "pump";

    private readonly IActorRef _gateway;
    private readonly IActorRef _contracts;
    private readonly HistoryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HistoricalPacer _pacer;
    private readonly Dictionary<string, (HistoryResult Result, DateTimeOffset At)> _cache = [];
    private readonly Dictionary<string, Fetch> _fetches = [];
    private readonly LinkedList<Fetch> _queue = new();
    private long _nextWaiter;

    public HistoryActor(IActorRef gateway, IActorRef contracts, IOptions<HistoryOptions> options, TimeProvider time)
    {
        _gateway = gateway;
        _contracts = contracts;
        _options = options.Value;
        _time = time;
        _pacer = new HistoricalPacer(_options.MaxRequestsPerTenMinutes);

        Receive<HistoryProtocol.GetHistory>(OnGet);
        Receive<ContractsProtocol.Qualified>(OnQualified);
        Receive<ContractsProtocol.NotQualified>(m => FailAll(f => f.Query.Spec.Key == m.Spec.Key && f.Details is null, m.Failure));
        Receive<Pump>(_ => PumpQueue());
        Receive<RequestStarted>(OnStarted);
        Receive<RequestNotStarted>(m => Fail((string)m.Context!, new Unavailable(m.Reason)));
        Receive<HistoricalData>(OnBars);
        Receive<ErrMsg>(OnError);
        Receive<WaiterDeadline>(OnWaiterDeadline);
        Receive<RequestDeadline>(m => Fail(m.Identity, new TimedOut($"IB did not answer reqHistoricalData within {_options.RequestTimeout.TotalSeconds:0}s")));
        Receive<GatewayDisconnected>(m => FailAll(f => f.ReqId is not null, new Unavailable($"the gateway disconnected: {m.Reason}")));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => _time.GetUtcNow();

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(GatewayDisconnected));

    private void OnGet(HistoryProtocol.GetHistory m)
    {
        var identity = m.Query.Identity;
        if (_cache.TryGetValue(identity, out var hit) && Now - hit.At < _options.CacheTtl)
        {
            Sender.Tell(hit.Result);
            return;
        }

        var waiterId = _nextWaiter++;
        Timers.StartSingleTimer(("waiter", waiterId), new WaiterDeadline(identity, waiterId), _options.Wait);
        if (_fetches.TryGetValue(identity, out var fetch))
        {
            fetch.Waiters[waiterId] = Sender;
            return;
        }

        fetch = new Fetch(m.Query);
        fetch.Waiters[waiterId] = Sender;
        _fetches[identity] = fetch;
        _contracts.Tell(new ContractsProtocol.Qualify(m.Query.Spec));
    }

    private void OnQualified(ContractsProtocol.Qualified m)
    {
        foreach (var fetch in _fetches.Values.Where(f => f.Query.Spec.Key == m.Spec.Key && f.Details is null))
        {
            fetch.Details = m.Details;
            _queue.AddLast(fetch);
            BridgeMetrics.HistoryQueue.Add(1);
        }

        PumpQueue();
    }

    /// <summary>Sends the head of the queue if pacing allows; otherwise wakes up when it will.</summary>
    private void PumpQueue()
    {
        while (_queue.First is { } node)
        {
            var fetch = node.Value;
            var wait = Max(_pacer.WaitBefore(fetch.Query.Identity, fetch.Query.PacingKey, Now), fetch.NotBefore - Now);
            if (wait > TimeSpan.Zero)
            {
                Timers.StartSingleTimer(PumpKey, Pump.Instance, wait);
                return;
            }

            _queue.RemoveFirst();
            BridgeMetrics.HistoryQueue.Add(-1);
            BridgeMetrics.HistoryRequests.Add(1);
            _pacer.Sent(fetch.Query.Identity, fetch.Query.PacingKey, Now);
            var q = fetch.Query;
            var contract = fetch.Details!.Contract with { Exchange = q.Spec.Exchange };
            _gateway.Tell(new StartRequest(
                id => new ReqHistoricalData(id, contract, q.IbEndDateTime, q.Duration, q.BarSize, q.WhatToShow, q.UseRth, FormatDate: 2)
                {
                    IncludeExpired = q.Spec.IsOption,
                },
                q.Identity));
        }
    }

    private void OnStarted(RequestStarted m)
    {
        if (m.Context is string identity && _fetches.TryGetValue(identity, out var fetch))
        {
            fetch.ReqId = m.ReqId;
            Timers.StartSingleTimer(("request", identity), new RequestDeadline(identity), _options.RequestTimeout);
        }
        else
        {
            _gateway.Tell(new ReleaseRequest(m.ReqId));
        }
    }

    private void OnBars(HistoricalData m)
    {
        if (ByReqId(m.ReqId) is not { } fetch)
        {
            return;
        }

        var zone = fetch.Details!.TimeZoneId;
        var bars = m.Bars.Select(b => new HistoryBar(IbTime.ToUtc(b.Time, zone), b.Open, b.High, b.Low, b.Close, b.Volume, b.Wap, b.BarCount)).ToList();
        var result = new HistoryResult(fetch.Query, fetch.Details.Contract.ConId, zone, bars, Now);
        _cache[fetch.Query.Identity] = (result, Now);
        Finish(fetch, result);
    }

    private void OnError(ErrMsg e)
    {
        if (ByReqId(e.Id) is not { } fetch)
        {
            return;
        }

        if (e.Code == 162 && e.Message.Contains("pacing violation", StringComparison.OrdinalIgnoreCase))
        {
            _log.Warning("IB pacing violation for {Query}; retrying in {Wait}", fetch.Query.Identity, _options.PacingViolationWait);
            Release(fetch);
            fetch.NotBefore = Now + _options.PacingViolationWait;
            _queue.AddFirst(fetch);
            BridgeMetrics.HistoryQueue.Add(1);
            PumpQueue();
            return;
        }

        if (e.Code == 162 && e.Message.Contains("returned no data", StringComparison.OrdinalIgnoreCase))
        {
            Finish(fetch, new HistoryResult(fetch.Query, fetch.Details!.Contract.ConId, fetch.Details.TimeZoneId, [], Now));
            return;
        }

        Finish(fetch, e.Code == 200 ? new NotFound(e.Message, e.Code) : new Rejected(e.Message, e.Code));
    }

    private void OnWaiterDeadline(WaiterDeadline m)
    {
        if (_fetches.TryGetValue(m.Identity, out var fetch) && fetch.Waiters.Remove(m.WaiterId, out var waiter))
        {
            var state = fetch.ReqId is null ? $"still queued for IB's pacing ({_queue.Count} waiting)" : "sent, no answer yet";
            waiter.Tell(new TimedOut($"no bars within {_options.Wait.TotalSeconds:0}s: {state}"));
        }
    }

    private Fetch? ByReqId(int reqId) => _fetches.Values.FirstOrDefault(f => f.ReqId == reqId);

    private void Fail(string identity, Failed failure)
    {
        if (_fetches.TryGetValue(identity, out var fetch))
        {
            Finish(fetch, failure);
        }
    }

    private void FailAll(Func<Fetch, bool> which, Failed failure)
    {
        foreach (var fetch in _fetches.Values.Where(which).ToList())
        {
            Finish(fetch, failure);
        }
    }

    private void Finish(Fetch fetch, object reply)
    {
        _fetches.Remove(fetch.Query.Identity);
        if (_queue.Remove(fetch))
        {
            BridgeMetrics.HistoryQueue.Add(-1);
        }

        Release(fetch);
        foreach (var (id, waiter) in fetch.Waiters)
        {
            Timers.Cancel(("waiter", id));
            waiter.Tell(reply);
        }
    }

    private void Release(Fetch fetch)
    {
        Timers.Cancel(("request", fetch.Query.Identity));
        if (fetch.ReqId is { } reqId)
        {
            _gateway.Tell(new ReleaseRequest(reqId));
            fetch.ReqId = null;
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed class Fetch(HistoryQuery query)
    {
        public HistoryQuery Query { get; } = query;

        public Dictionary<long, IActorRef> Waiters { get; } = [];

        public ContractDetails? Details { get; set; }

        public int? ReqId { get; set; }

        public DateTimeOffset NotBefore { get; set; }
    }

    private sealed record WaiterDeadline(string Identity, long WaiterId);

    private sealed record RequestDeadline(string Identity);

    private sealed class Pump
    {
        public static readonly Pump Instance = new();

        private Pump()
        {
        }
    }
}
