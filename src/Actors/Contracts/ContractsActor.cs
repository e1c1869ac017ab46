using Akka.Actor;
using WheelStrat.Actors.Diagnostics;
using Akka.Event;
using Microsoft.Extensions.Options;
using WheelStrat.Actors.MarketData;
using WheelStrat.Actors.Replies;
using WheelStrat.Tws.Messages.Replies;
using WheelStrat.Tws.Messages.Requests;
using static WheelStrat.Actors.Gateway.GatewayProtocol;

namespace WheelStrat.Actors.Contracts;

public static class ContractsProtocol
{
    /// <summary>Qualify a spec with IB (reqContractDetails). Replies <see cref="Qualified"/> or <see cref="NotQualified"/>.</summary>
    public sealed record Qualify(ContractSpec Spec);

    public sealed record Qualified(ContractSpec Spec, ContractDetails Details);

    public sealed record NotQualified(ContractSpec Spec, Failed Failure);

    internal sealed record Deadline(int ReqId);
}

/// <summary>
/// /user/contracts: turns specs into IB contracts (conId and details). Results are cached; concurrent
/// callers for one spec share a single reqContractDetails.
/// </summary>
public sealed class ContractsActor : ObservedActor, IWithTimers
{
    protected override string Kind => "contracts";

    private readonly IActorRef _gateway;
    private readonly MarketDataOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, (ContractDetails Details, DateTimeOffset At)> _cache = [];
    private readonly Dictionary<string, Lookup> _byKey = [];
    private readonly Dictionary<int, Lookup> _byReqId = [];

    public ContractsActor(IActorRef gateway, IOptions<MarketDataOptions> options, TimeProvider time)
    {
        _gateway = gateway;
        _options = options.Value;
        _time = time;

        Receive<ContractsProtocol.Qualify>(OnQualify);
        Receive<RequestStarted>(OnStarted);
        Receive<RequestNotStarted>(m => Fail((string)m.Context!, m.ToFailure()));
        Receive<ContractData>(m => Find(m.ReqId)?.Found.Add(m.Details));
        Receive<ContractDataEnd>(m => Complete(m.ReqId));
        Receive<ErrMsg>(OnError);
        Receive<ContractsProtocol.Deadline>(m => FailRequest(m.ReqId, new TimedOut($"IB did not answer reqContractDetails within {_options.ContractTimeout.TotalSeconds:0}s")));
        Receive<GatewayDisconnected>(m =>
        {
            foreach (var key in _byKey.Keys.ToList())
            {
                Fail(key, new Unavailable($"the gateway disconnected: {m.Reason}"));
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(GatewayDisconnected));

    private void OnQualify(ContractsProtocol.Qualify m)
    {
        var key = m.Spec.Key;
        if (_cache.TryGetValue(key, out var hit) && _time.GetUtcNow() - hit.At < _options.ContractCacheTtl)
        {
            Sender.Tell(new ContractsProtocol.Qualified(m.Spec, hit.Details));
            return;
        }

        if (_byKey.TryGetValue(key, out var pending))
        {
            pending.Waiters.Add(Sender);
            return;
        }

        _byKey[key] = new Lookup(m.Spec, [Sender]);
        var contract = m.Spec.ToContract();
        _gateway.Tell(new StartRequest(id => new ReqContractDetails(id, contract), key));
    }

    private void OnStarted(RequestStarted m)
    {
        if (m.Context is not string key || !_byKey.TryGetValue(key, out var lookup))
        {
            _gateway.Tell(new ReleaseRequest(m.ReqId));
            return;
        }

        lookup.ReqId = m.ReqId;
        _byReqId[m.ReqId] = lookup;
        Timers.StartSingleTimer(m.ReqId, new ContractsProtocol.Deadline(m.ReqId), _options.ContractTimeout);
    }

    private void OnError(ErrMsg e)
    {
        // 200: "No security definition has been found" / ambiguous. Anything else is a rejection.
        Failed failure = e.Code == 200 ? new NotFound(e.Message, e.Code) : new Rejected(e.Message, e.Code);
        FailRequest(e.Id, failure);
    }

    private void Complete(int reqId)
    {
        if (Find(reqId) is not { } lookup)
        {
            return;
        }

        var matches = lookup.Found.Where(d => Matches(lookup.Spec, d)).ToList();
        object reply = matches.Count switch
        {
            0 => new NotFound($"IB has no contract for {lookup.Spec.Key}", 200),
            1 => new ContractsProtocol.Qualified(lookup.Spec, matches[0]),
            _ => new Rejected($"{matches.Count} IB contracts match {lookup.Spec.Key}: {string.Join(", ", matches.Select(d => $"{d.Contract.LocalSymbol} ({d.Contract.TradingClass}, conId {d.Contract.ConId})"))}", 200),
        };
        if (reply is ContractsProtocol.Qualified q)
        {
            _cache[lookup.Spec.Key] = (q.Details, _time.GetUtcNow());
        }

        Finish(lookup, reply);
    }

    /// <summary>IB answers a loose spec with every near match; keep the ones that are what was asked.</summary>
    private static bool Matches(ContractSpec spec, ContractDetails d) =>
        !spec.IsOption || ((decimal)d.Contract.Strike == spec.Strike && d.Contract.Right == spec.Right
            && d.Contract.LastTradeDateOrContractMonth.StartsWith(spec.Expiration!, StringComparison.Ordinal));

    private Lookup? Find(int reqId) => _byReqId.GetValueOrDefault(reqId);

    private void FailRequest(int reqId, Failed failure)
    {
        if (Find(reqId) is { } lookup)
        {
            Finish(lookup, failure);
        }
    }

    private void Fail(string key, Failed failure)
    {
        if (_byKey.TryGetValue(key, out var lookup))
        {
            Finish(lookup, failure);
        }
    }

    private void Finish(Lookup lookup, object reply)
    {
        _byKey.Remove(lookup.Spec.Key);
        if (lookup.ReqId is { } reqId)
        {
            _byReqId.Remove(reqId);
            Timers.Cancel(reqId);
            _gateway.Tell(new ReleaseRequest(reqId));
        }

        if (reply is Failed f)
        {
            _log.Info("Contract {InstrumentKey} not qualified: {Reason}", lookup.Spec.Key, f.Message);
            reply = new ContractsProtocol.NotQualified(lookup.Spec, f);
        }

        foreach (var waiter in lookup.Waiters)
        {
            waiter.Tell(reply);
        }
    }

    private sealed class Lookup(ContractSpec spec, List<IActorRef> waiters)
    {
        public ContractSpec Spec { get; } = spec;

        public List<IActorRef> Waiters { get; } = waiters;

        public List<ContractDetails> Found { get; } = [];

        public int? ReqId { get; set; }
    }
}
