using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Microsoft.Extensions.Options;
using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.Diagnostics;
using WheelStrat.Actors.Gateway;
using WheelStrat.Actors.History.Store;
using WheelStrat.Actors.Replies;
using WheelStrat.Actors.Time;
using WheelStrat.Tws.Messages.Replies;
using WheelStrat.Tws.Messages.Requests;
using WheelStrat.Actors.Gateway.Requests;
using static WheelStrat.Actors.Gateway.GatewayProtocol;
using static WheelStrat.Actors.Gateway.Requests.IbRequestProtocol;

namespace WheelStrat.Actors.History;

public static class HistoryProtocol
{
    /// <summary>
    /// Answered never later than <paramref name="NotAfter"/> (bulk jobs wait longer than a REST caller). <paramref name="Bulk"/> requests (jobs, prefetch) use only the unreserved share of
    /// IB's pacing and yield to interactive ones; an interactive request the budget cannot serve in time is <see cref="Busy"/> at once.
    /// </summary>
    public sealed record GetHistory(HistoryQuery Query, NotAfter NotAfter, bool Bulk = false) : IAsk<HistoryReply>;

    /// <summary>The answer to <see cref="GetHistory"/>.</summary>
    public abstract record HistoryReply : IClosedReply<HistoryReply>
    {
        private HistoryReply()
        {
        }

        public static HistoryReply Failing(Failed failed) => new Failure(failed);

        public T Match<T>(Func<Bars, T> bars, Func<Failure, T> failure) => this switch
        {
            Bars b => bars(b),
            Failure f => failure(f),
            _ => throw new UnreachableException(),
        };

        /// <summary>The bars of the query's window, from the store and from IB.</summary>
        public sealed record Bars(HistoryResult Result) : HistoryReply;

        /// <summary>No bars: Busy (IB's pacing cannot serve it in time), TimedOut, NotFound, Rejected, Unavailable.</summary>
        public sealed record Failure(Failed Reason) : HistoryReply;
    }

    /// <summary>Replies <see cref="PacingOutlook"/>: what IB's pacing means for that many more requests.</summary>
    public sealed record EstimatePacing(int MoreRequests);

    public sealed record PacingOutlook(int Queued, TimeSpan Wait);
}

/// <summary>
/// /user/history: answers from the bar store and asks IB only for the ranges it lacks, through a
/// queue paced to IB's rules. Identical queries and identical IB requests in flight are shared,
/// a pacing violation (162) is retried after the wait IB needs, and every caller gets an answer by
/// its own deadline whatever the queue looks like. The store is a cache: when it fails, IB answers.
/// </summary>
public sealed class HistoryActor : ObservedActor, IWithTimers
{
    protected override string Kind => "history";

    private const string PumpKey = "pump";

    /// <summary>The time a request needs, once sent, for IB to answer (at most a third of the caller's wait).</summary>
    private static readonly TimeSpan AnswerAllowance = TimeSpan.FromSeconds(5);

    private readonly IActorRef _gateway;
    private readonly IActorRef _contracts;
    private readonly BarStore _store;
    private readonly HistoryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HistoricalPacer _pacer;
    private readonly Dictionary<string, (HistoryResult Result, DateTimeOffset At)> _cache = [];
    private readonly Dictionary<string, Assembly> _assemblies = [];
    private readonly Dictionary<string, Piece> _pieces = [];
    private readonly HistoryPacingBoard _board;
    private readonly LinkedList<Piece> _queue = new();
    private readonly LinkedList<Piece> _bulkQueue = new();
    private long _nextWaiter;
    private DateTimeOffset _lastPurge;
    private string? _outage;

    public HistoryActor(IActorRef gateway, IActorRef contracts, BarStore store, IOptions<HistoryOptions> options, TimeProvider time, HistoryPacingBoard board)
    {
        _board = board;
        _gateway = gateway;
        _contracts = contracts;
        _store = store;
        _options = options.Value;
        _time = time;
        _pacer = new HistoricalPacer(_options.MaxRequestsPerTenMinutes, reservedForInteractive: _options.ReservedForInteractive, startedAt: time.GetUtcNow());

        Receive<HistoryProtocol.GetHistory>(OnGet);
        Receive<HistoryProtocol.EstimatePacing>(m => Sender.Tell(new HistoryProtocol.PacingOutlook(_bulkQueue.Count, _pacer.EstimateDrain(_queue.Count + _bulkQueue.Count + m.MoreRequests, Now, bulk: true))));
        Receive<ContractsProtocol.Qualified>(OnQualified);
        Receive<ContractsProtocol.NotQualified>(OnNotQualified);
        Receive<Recalled>(OnRecalled);
        Receive<Remembered>(m =>
        {
            if (m.Error is not null)
            {
                _log.Warning("Bar store could not keep the qualification of {Contract}: {Error}", m.Key, m.Error.Message);
            }
        });
        Receive<StoreRead>(OnStoreRead);
        Receive<PieceStored>(OnPieceStored);
        Receive<Pump>(_ => PumpQueue());
        Receive<RequestCompleted<HistoricalData>>(OnBars);
        // Also when a session ends: every request child fails then (nothing to cancel, IB forgot them with the socket).
        Receive<RequestFailed>(OnFailed);
        Receive<WaiterDeadline>(OnWaiterDeadline);
        Receive<HealthChanged>(m => OnHealth(m.Health));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => _time.GetUtcNow();

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(HealthChanged));
    }

    /// <summary>
    /// While IB's HMDS farm is down (2105) or IB is lost (1100), a request sent is a request lost: IB takes it and
    /// never answers. So the queue holds, the requests in flight are cancelled at IB and queued again at the
    /// front, and all go out when the farm (or IB) is back — each within its callers' deadlines, or never.
    /// </summary>
    private void OnHealth(GatewayHealth health)
    {
        var outage = health.IbConnectivityLost ? "IB connectivity lost (1100)"
            : DataFarms.BrokenHistorical(health) is { } farm ? DataFarms.DegradedReason(farm)
            : null;
        if (outage == _outage)
        {
            return;
        }

        var began = _outage is null;
        _outage = outage;
        ReportState(outage is null ? "sending" : $"held: {outage}");
        if (outage is null)
        {
            _log.Info("History requests flow again: {QueuedHistoryRequests} queued", _queue.Count + _bulkQueue.Count);
            PumpQueue();
            return;
        }

        if (!began)
        {
            return;
        }

        var inFlight = _pieces.Values.Where(p => p.Request is not null).ToList();
        foreach (var piece in inFlight)
        {
            Release(piece);
            if (piece.Dependents.Count == 0)
            {
                // Its callers have all given up: nobody to send it again for.
                _pieces.Remove(piece.Id);
                continue;
            }

            piece.Sent = false;
            Enqueue(piece, front: true);
        }

        Publish();
        _log.Warning("History requests held while {Outage}: {InFlight} in flight to be sent again, {QueuedHistoryRequests} queued", outage, inFlight.Count, _queue.Count + _bulkQueue.Count);
    }

    private void OnGet(HistoryProtocol.GetHistory m)
    {
        var identity = m.Query.Identity;
        if (_cache.TryGetValue(identity, out var hit) && Now - hit.At < _options.CacheTtl)
        {
            Sender.Tell(new HistoryProtocol.HistoryReply.Bars(hit.Result with { IbRequests = 0 }));
            return;
        }

        if (Sender.AnsweredLate(m, Now))
        {
            return;
        }

        var waiterId = _nextWaiter++;
        var wait = m.NotAfter.Remaining(Now);
        Timers.StartSingleTimer(("waiter", waiterId), new WaiterDeadline(identity, waiterId, wait), wait);
        if (_assemblies.TryGetValue(identity, out var assembly))
        {
            assembly.Waiters[waiterId] = Sender;
            assembly.LastWaiterLeaves = Max(assembly.LastWaiterLeaves, m.NotAfter.At);
            if (!m.Bulk && assembly.Bulk)
            {
                // A person now waits for what a job asked for: it goes ahead of the jobs.
                assembly.Bulk = false;
                assembly.Deadline = m.NotAfter.At;
                foreach (var id in assembly.Pending)
                {
                    Promote(id);
                }
            }

            return;
        }

        assembly = new Assembly(m.Query) { Bulk = m.Bulk, Deadline = m.NotAfter.At, LastWaiterLeaves = m.NotAfter.At };
        assembly.Waiters[waiterId] = Sender;
        _assemblies[identity] = assembly;
        _contracts.Tell(new ContractsProtocol.Qualify(m.Query.Spec));
    }

    private void OnQualified(ContractsProtocol.Qualified m)
    {
        var key = m.Spec.Key;
        _store.RememberAsync(key, m.Details.Contract.ConId, m.Details.TimeZoneId).PipeTo(Self, success: () => new Remembered(key, null), failure: ex => new Remembered(key, ex));
        foreach (var assembly in Unqualified(key))
        {
            Begin(assembly, m.Details, storeOnly: false);
        }
    }

    /// <summary>IB does not know the contract (any more): an expired option's bars are still in the store.</summary>
    private void OnNotQualified(ContractsProtocol.NotQualified m)
    {
        if (m.Failure is not NotFound || !Unqualified(m.Spec.Key).Any())
        {
            FailAll(a => a.Query.Spec.Key == m.Spec.Key && a.Details is null, m.Failure);
            return;
        }

        _store.RecallAsync(m.Spec.Key).PipeTo(Self,
            success: c => new Recalled(m.Spec, c, m.Failure),
            failure: _ => new Recalled(m.Spec, null, m.Failure));
    }

    private void OnRecalled(Recalled m)
    {
        if (m.Contract is not { } known)
        {
            FailAll(a => a.Query.Spec.Key == m.Spec.Key && a.Details is null, m.Failure);
            return;
        }

        var details = new ContractDetails { Contract = m.Spec.ToContract() with { ConId = known.ConId }, TimeZoneId = known.TimeZone };
        foreach (var assembly in Unqualified(m.Spec.Key))
        {
            Begin(assembly, details, storeOnly: true);
        }
    }

    private List<Assembly> Unqualified(string specKey) => [.. _assemblies.Values.Where(a => a.Query.Spec.Key == specKey && a.Details is null)];

    private void Begin(Assembly assembly, ContractDetails details, bool storeOnly)
    {
        var q = assembly.Query;
        assembly.Details = details;
        assembly.StoreOnly = storeOnly;
        assembly.Series = new BarSeries(details.Contract.ConId, q.BarSize, q.WhatToShow, q.UseRth);
        assembly.Range = q.Range(Now);
        var identity = q.Identity;
        _store.ReadAsync(assembly.Series, assembly.Range).PipeTo(Self,
            success: slice => new StoreRead(identity, slice, null),
            failure: ex => new StoreRead(identity, null, ex));
    }

    private void OnStoreRead(StoreRead m)
    {
        if (!_assemblies.TryGetValue(m.Identity, out var assembly))
        {
            return;
        }

        if (m.Slice is { } slice)
        {
            assembly.Bars.AddRange(slice.Bars);
            assembly.FromStore = slice.Bars.Count;
        }
        else
        {
            _log.Warning("Bar store read failed for {Query}; asking IB for the whole range: {Error}", m.Identity, m.Error!.Message);
        }

        foreach (var request in HistoryPlan.Requests(assembly.Series!, assembly.Range, m.Slice?.Covered, assembly.StoreOnly))
        {
            var piece = Plan(assembly, request);
            piece.Dependents.Add(m.Identity);
            assembly.Pending.Add(piece.Id);
        }

        if (assembly.Pending.Count == 0)
        {
            Complete(assembly);
            return;
        }

        if (Unservable(assembly) is { } busy)
        {
            _log.Info("History {Query}: {Reason}", m.Identity, busy.Message);
            Finish(assembly, HistoryProtocol.HistoryReply.Failing(busy));
            return;
        }

        PumpQueue();
    }

    /// <summary>
    /// An interactive query whose requests the pacing window cannot send with time left for IB to answer
    /// before its deadline: a fast 429 that says when a slot frees beats a spinner that ends in a 504.
    /// While IB is held (an outage) the wait is for IB, not for pacing, so the query waits as before.
    /// </summary>
    private Busy? Unservable(Assembly assembly)
    {
        if (assembly.Bulk || _outage is not null)
        {
            return null;
        }

        var position = 0;
        var index = 0;
        foreach (var piece in _queue)
        {
            index++;
            if (assembly.Pending.Contains(piece.Id))
            {
                position = index;
            }
        }

        if (position == 0)
        {
            return null;
        }

        var sendable = _pacer.EstimateDrain(position, Now);
        var left = assembly.Deadline - Now;
        if (HistoryPlan.FitsDeadline(sendable, left, AnswerAllowance))
        {
            return null;
        }

        var budget = _pacer.Window(Now).At(Now, _queue.Count, _bulkQueue.Count);
        return new Busy(
            $"IB's historical pacing (60 requests per 10 minutes, {budget.Reserved} kept for interactive callers) cannot send this query's "
            + $"{assembly.Pending.Count} request(s) within its {(left.TotalSeconds):0}s: {budget.Used} used, {_queue.Count} interactive queued; "
            + $"try again in {Math.Ceiling(sendable.TotalSeconds):0}s",
            sendable);
    }

    /// <summary>The IB request for one missing range: shared with any other query that needs the same one.</summary>
    private Piece Plan(Assembly assembly, PlannedRequest request)
    {
        var (id, range) = (request.Id, request.Range);
        if (!_pieces.TryGetValue(id, out var piece))
        {
            piece = new Piece(id, assembly.Series!, assembly.Details!, assembly.Query, range) { Bulk = assembly.Bulk };
            _pieces[id] = piece;
            Enqueue(piece, front: false);
        }
        else if (!assembly.Bulk)
        {
            Promote(id);
        }

        return piece;
    }

    /// <summary>
    /// Sends the head of the interactive queue if pacing allows, else the head of the bulk queue if the unreserved
    /// share allows; otherwise wakes up when one will. Bulk requests yield: none goes out while an interactive one waits.
    /// </summary>
    private void PumpQueue()
    {
        while (_outage is null && (_queue.First ?? _bulkQueue.First) is { } node)
        {
            var piece = node.Value;
            var wait = Max(_pacer.WaitBefore(piece.Id, piece.PacingKey, Now, piece.Bulk), piece.NotBefore - Now);
            if (wait > TimeSpan.Zero)
            {
                Timers.StartSingleTimer(PumpKey, Pump.Instance, wait);
                break;
            }

            node.List!.Remove(node);
            BridgeMetrics.HistoryQueue.Add(-1);
            BridgeMetrics.HistoryRequests.Add(1);
            _pacer.Sent(piece.Id, piece.PacingKey, Now, piece.Bulk);
            piece.Sent = true;
            foreach (var dependent in piece.Dependents)
            {
                if (_assemblies.TryGetValue(dependent, out var assembly))
                {
                    assembly.IbRequests++;
                }
            }

            var q = piece.Query;
            var contract = piece.Details.Contract with { Exchange = q.Spec.Exchange };
            var end = HistoryQuery.FormatEnd(piece.Range.To);
            var duration = BarSizes.Duration(piece.Range.Length);
            // Its own child: it cancels at IB if it passes RequestTimeout unanswered or is stopped (an outage, callers gone).
            // Nobody waits past the latest caller's deadline, so neither does the request.
            var notAfter = new NotAfter(LatestDeadline(piece)).AtMost(_options.RequestTimeout, Now);
            piece.Request = Context.ActorOf(IbRequests.Single<HistoricalData>(
                _gateway,
                new HistoricalBarsRequest(contract, end, duration, q.BarSize, q.WhatToShow, q.UseRth, IncludeExpired: q.Spec.IsOption),
                notAfter.Remaining(Now),
                notAfter.At));
        }

        Publish();
    }

    /// <summary>When the last query that needs <paramref name="piece"/> stops waiting for it.</summary>
    private DateTimeOffset LatestDeadline(Piece piece) =>
        piece.Dependents.Select(d => _assemblies.TryGetValue(d, out var a) ? a.LastWaiterLeaves : DateTimeOffset.MinValue).DefaultIfEmpty(DateTimeOffset.MinValue).Max();

    private void Enqueue(Piece piece, bool front)
    {
        var queue = piece.Bulk ? _bulkQueue : _queue;
        if (front)
        {
            queue.AddFirst(piece);
        }
        else
        {
            queue.AddLast(piece);
        }

        BridgeMetrics.HistoryQueue.Add(1);
    }

    /// <summary>A bulk request an interactive query now needs moves to the interactive queue (sent or not, it is no longer the job's alone).</summary>
    private void Promote(string pieceId)
    {
        if (!_pieces.TryGetValue(pieceId, out var piece) || !piece.Bulk)
        {
            return;
        }

        piece.Bulk = false;
        if (_bulkQueue.Remove(piece))
        {
            _queue.AddLast(piece);
        }
    }

    private void Publish() => _board.Publish(_pacer.Window(Now), _queue.Count, _bulkQueue.Count);

    private void OnBars(RequestCompleted<HistoricalData> m)
    {
        if (ByRequest(Sender) is { } piece)
        {
            var zone = piece.Details.TimeZoneId;
            Received(piece, [.. m.Result.Bars.Select(b => new HistoryBar(IbTime.ToUtc(b.Time, zone), b.Open, b.High, b.Low, b.Close, b.Volume, b.Wap, b.BarCount))]);
        }
    }

    /// <summary>
    /// Stores what is final — bars whose period has ended, and the range up to the first bar that may
    /// still change — then hands the bars to the queries waiting for them.
    /// </summary>
    private void Received(Piece piece, IReadOnlyList<HistoryBar> bars)
    {
        Release(piece);
        var length = BarSizes.Length(piece.Series.BarSize);
        var finalBefore = Now - length;
        var final = bars.Where(b => b.Time < finalBefore).ToList();
        var covered = piece.Range with { To = piece.Range.To < finalBefore ? piece.Range.To : finalBefore };
        var id = piece.Id;
        _store.WriteAsync(piece.Series, final, covered).PipeTo(Self,
            success: () => new PieceStored(id, bars, null),
            failure: ex => new PieceStored(id, bars, ex));
    }

    private void OnPieceStored(PieceStored m)
    {
        if (m.Error is not null)
        {
            _log.Warning("Bar store write failed for {Piece}; the bars are served but not kept: {Error}", m.PieceId, m.Error.Message);
        }

        if (!_pieces.Remove(m.PieceId, out var piece))
        {
            return;
        }

        foreach (var dependent in piece.Dependents)
        {
            if (_assemblies.TryGetValue(dependent, out var assembly))
            {
                assembly.Bars.AddRange(m.Bars);
                assembly.Pending.Remove(piece.Id);
                if (assembly.Pending.Count == 0)
                {
                    Complete(assembly);
                }
            }
        }
    }

    private void OnFailed(RequestFailed m)
    {
        if (ByRequest(Sender) is not { } piece)
        {
            return;
        }

        if (m.Failure is Rejected { IbCode: 162 } e && e.Message.Contains("pacing violation", StringComparison.OrdinalIgnoreCase))
        {
            _log.Warning("IB pacing violation for {Piece}; retrying in {Wait}", piece.Id, _options.PacingViolationWait);
            Release(piece);
            piece.NotBefore = Now + _options.PacingViolationWait;
            Enqueue(piece, front: true);
            PumpQueue();
            return;
        }

        if (m.Failure is Rejected { IbCode: 162 } none && none.Message.Contains("returned no data", StringComparison.OrdinalIgnoreCase))
        {
            // An answered range with no bars (a holiday, a weekend): remembered, so it is not asked again.
            Received(piece, []);
            return;
        }

        FailPiece(piece.Id, m.Failure);
    }

    private void OnWaiterDeadline(WaiterDeadline m)
    {
        if (_assemblies.TryGetValue(m.Identity, out var assembly) && assembly.Waiters.Remove(m.WaiterId, out var waiter))
        {
            var queued = assembly.Pending.Count(id => _pieces.TryGetValue(id, out var p) && !p.Sent);
            var wait = m.Wait.TotalSeconds;
            if (queued > 0 && _outage is null)
            {
                // Still waiting for a pacing slot: the budget, not IB, made it late — say when to come back.
                var retryAfter = _pacer.EstimateDrain(_queue.Count, Now, assembly.Bulk);
                waiter.Tell(HistoryProtocol.HistoryReply.Failing(new Busy($"no bars within {wait:0}s: {queued} request(s) still queued for IB's pacing ({_queue.Count} interactive, {_bulkQueue.Count} job waiting in all)", retryAfter)));
            }
            else
            {
                var state = queued == 0 ? "sent, no answer yet" : $"{queued} request(s) held while {_outage}";
                waiter.Tell(HistoryProtocol.HistoryReply.Failing(new TimedOut($"no bars within {wait:0}s: {state}")));
            }

            if (assembly.Waiters.Count == 0)
            {
                Drop(assembly);
            }
        }
    }

    private Piece? ByRequest(IActorRef request) => _pieces.Values.FirstOrDefault(p => request.Equals(p.Request));

    private void FailPiece(string id, Failed failure)
    {
        if (!_pieces.Remove(id, out var piece))
        {
            return;
        }

        Unqueue(piece);
        Release(piece);
        foreach (var dependent in piece.Dependents)
        {
            if (_assemblies.TryGetValue(dependent, out var assembly))
            {
                Finish(assembly, HistoryProtocol.HistoryReply.Failing(failure));
            }
        }
    }

    private void FailAll(Func<Assembly, bool> which, Failed failure)
    {
        foreach (var assembly in _assemblies.Values.Where(which).ToList())
        {
            Finish(assembly, HistoryProtocol.HistoryReply.Failing(failure));
        }
    }

    private void Complete(Assembly assembly)
    {
        var range = assembly.Range;
        var bars = assembly.Bars
            .Where(b => b.Time >= range.From && b.Time < range.To)
            .GroupBy(b => b.Time)
            .Select(g => g.Last()) // what IB just sent wins over what was stored
            .OrderBy(b => b.Time)
            .ToList();
        var result = new HistoryResult(assembly.Query, assembly.Series!.ConId, assembly.Details!.TimeZoneId, bars, Now, assembly.FromStore, assembly.IbRequests);
        ForgetExpired();
        _cache[assembly.Query.Identity] = (result, Now);
        Finish(assembly, new HistoryProtocol.HistoryReply.Bars(result));
    }

    /// <summary>Bulk jobs make thousands of distinct queries: answers past their TTL are dropped, not kept forever.</summary>
    private void ForgetExpired()
    {
        if (Now - _lastPurge < _options.CacheTtl)
        {
            return;
        }

        _lastPurge = Now;
        foreach (var identity in _cache.Where(kv => Now - kv.Value.At >= _options.CacheTtl).Select(kv => kv.Key).ToList())
        {
            _cache.Remove(identity);
        }
    }

    private void Finish(Assembly assembly, HistoryProtocol.HistoryReply reply)
    {
        foreach (var (id, waiter) in assembly.Waiters)
        {
            Timers.Cancel(("waiter", id));
            waiter.Tell(reply);
        }

        assembly.Waiters.Clear();
        Drop(assembly);
    }

    /// <summary>Forgets a query nobody waits for; its unsent requests go too, sent ones still land in the store.</summary>
    private void Drop(Assembly assembly)
    {
        _assemblies.Remove(assembly.Query.Identity);
        foreach (var id in assembly.Pending)
        {
            if (_pieces.TryGetValue(id, out var piece) && piece.Dependents.Remove(assembly.Query.Identity) && piece.Dependents.Count == 0 && !piece.Sent)
            {
                _pieces.Remove(id);
                Unqueue(piece);
            }
        }
    }

    private void Unqueue(Piece piece)
    {
        if (_queue.Remove(piece) || _bulkQueue.Remove(piece))
        {
            BridgeMetrics.HistoryQueue.Add(-1);
            Publish();
        }
    }

    /// <summary>
    /// Done with the piece's request child. One that has not ended at IB (an outage, its callers gone) cancels
    /// reqHistoricalData as it stops, or IB keeps counting it; one that ended has already stopped.
    /// </summary>
    private void Release(Piece piece)
    {
        if (piece.Request is { } request)
        {
            Context.Stop(request);
            piece.Request = null;
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>One caller-visible query: the store's bars plus the IB requests it waits for.</summary>
    private sealed class Assembly(HistoryQuery query)
    {
        public HistoryQuery Query { get; } = query;

        public Dictionary<long, IActorRef> Waiters { get; } = [];

        public ContractDetails? Details { get; set; }

        public BarSeries? Series { get; set; }

        /// <summary>IB no longer qualifies the contract; the answer comes from the store alone.</summary>
        public bool StoreOnly { get; set; }

        public TimeRange Range { get; set; }

        public List<HistoryBar> Bars { get; } = [];

        public HashSet<string> Pending { get; } = [];

        public int FromStore { get; set; }

        public int IbRequests { get; set; }

        /// <summary>Only jobs and the prefetch wait for it: it uses the unreserved share of the pacing budget.</summary>
        public bool Bulk { get; set; }

        /// <summary>When its first (or, once a person waits, its interactive) caller stops waiting.</summary>
        public DateTimeOffset Deadline { get; set; }

        /// <summary>The latest deadline of its callers: no IB request for it is worth waiting for beyond that.</summary>
        public DateTimeOffset LastWaiterLeaves { get; set; }
    }

    /// <summary>One reqHistoricalData for a missing range.</summary>
    private sealed class Piece(string id, BarSeries series, ContractDetails details, HistoryQuery query, TimeRange range)
    {
        public string Id { get; } = id;

        public BarSeries Series { get; } = series;

        public ContractDetails Details { get; } = details;

        public HistoryQuery Query { get; } = query;

        public TimeRange Range { get; } = range;

        public string PacingKey => Query.PacingKey;

        public HashSet<string> Dependents { get; } = [];

        /// <summary>The reqHistoricalData child while the piece is in flight.</summary>
        public IActorRef? Request { get; set; }

        public bool Sent { get; set; }

        /// <summary>Every query waiting for it is a bulk one.</summary>
        public bool Bulk { get; set; }

        public DateTimeOffset NotBefore { get; set; }
    }

    private sealed record Recalled(ContractSpec Spec, StoredContract? Contract, Failed Failure);

    private sealed record Remembered(string Key, Exception? Error);

    private sealed record StoreRead(string Identity, StoreSlice? Slice, Exception? Error);

    private sealed record PieceStored(string PieceId, IReadOnlyList<HistoryBar> Bars, Exception? Error);

    private sealed record WaiterDeadline(string Identity, long WaiterId, TimeSpan Wait);


    private sealed record Pump { public static readonly Pump Instance = new(); }
}
