using Akka.Actor;
using WheelStrat.Actors.Diagnostics;
using Akka.Event;
using Microsoft.Extensions.Options;
using WheelStrat.Actors.MarketData;
using WheelStrat.Actors.Replies;
using WheelStrat.Tws.Messages.Replies;
using WheelStrat.Tws.Messages.Requests;
using WheelStrat.Actors.Gateway.Requests;
using static WheelStrat.Actors.Gateway.Requests.IbRequestProtocol;

namespace WheelStrat.Actors.Contracts;

public static class ContractsProtocol
{
    /// <summary>Qualify a spec with IB (reqContractDetails). Replies <see cref="Qualified"/> or <see cref="NotQualified"/>.</summary>
    public sealed record Qualify(ContractSpec Spec);

    public sealed record Qualified(ContractSpec Spec, ContractDetails Details);

    public sealed record NotQualified(ContractSpec Spec, Failed Failure);
}

/// <summary>
/// /user/contracts: turns specs into IB contracts (conId and details). Results are cached; concurrent
/// callers for one spec share a single reqContractDetails. An option is looked up with its whole
/// expiration and right (the strike left blank: IB answers with every strike), so a chain's worth of
/// quotes costs one request per expiration and right, not one per contract, within IB's 50 messages a second.
/// </summary>
public sealed class ContractsActor : ObservedActor
{
    protected override string Kind => "contracts";

    private readonly IActorRef _gateway;
    private readonly MarketDataOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, (ContractDetails Details, DateTimeOffset At)> _cache = [];
    private readonly Dictionary<string, Lookup> _byKey = [];
    private readonly Dictionary<IActorRef, Lookup> _byRequest = [];

    public ContractsActor(IActorRef gateway, IOptions<MarketDataOptions> options, TimeProvider time)
    {
        _gateway = gateway;
        _options = options.Value;
        _time = time;

        Receive<ContractsProtocol.Qualify>(OnQualify);
        Receive<RequestCompleted<IReadOnlyList<ContractData>>>(m => Complete(Sender, m.Result));
        Receive<RequestFailed>(m => Fail(Sender, m.Failure));
    }

    private void OnQualify(ContractsProtocol.Qualify m)
    {
        if (_cache.TryGetValue(m.Spec.Key, out var hit) && _time.GetUtcNow() - hit.At < _options.ContractCacheTtl)
        {
            Sender.Tell(new ContractsProtocol.Qualified(m.Spec, hit.Details));
            return;
        }

        var key = LookupKey(m.Spec);
        if (_byKey.TryGetValue(key, out var pending))
        {
            pending.Waiters.Add((m.Spec, Sender));
            return;
        }

        var lookup = new Lookup(key, [(m.Spec, Sender)]);
        _byKey[key] = lookup;
        var contract = m.Spec.IsOption ? m.Spec.ToContract() with { Strike = 0 } : m.Spec.ToContract();
        var request = Context.ActorOf(IbRequests.Collect<ContractData, ContractDataEnd>(_gateway, new ContractDetailsRequest(contract), _options.ContractTimeout));
        _byRequest[request] = lookup;
    }

    /// <summary>What one reqContractDetails asks for: a stock, or an option's expiration and right (every strike).</summary>
    private static string LookupKey(ContractSpec spec) =>
        spec.IsOption ? $"{spec.Symbol} {spec.Expiration} * {spec.Right} {spec.Exchange} {spec.Currency}" : spec.Key;

    private void Complete(IActorRef request, IReadOnlyList<ContractData> found)
    {
        if (!_byRequest.Remove(request, out var lookup))
        {
            return;
        }

        var details = found.Select(d => d.Details).ToList();
        // Every strike IB sent is known now: later quotes on the chain need no request of their own. A key that
        // several trading classes share stays out: asked for alone, it is ambiguous.
        var now = _time.GetUtcNow();
        foreach (var same in details.Where(d => d.Contract.SecType == "OPT").GroupBy(d => SpecOf(d).Key).Where(g => g.Count() == 1))
        {
            _cache[same.Key] = (same.Single(), now);
        }

        Finish(lookup, spec =>
        {
            var matches = details.Where(d => Matches(spec, d)).ToList();
            object reply = matches.Count switch
            {
                0 => new NotFound($"IB has no contract for {spec.Key}", 200),
                1 => new ContractsProtocol.Qualified(spec, matches[0]),
                _ => new Rejected($"{matches.Count} IB contracts match {spec.Key}: {string.Join(", ", matches.Select(d => $"{d.Contract.LocalSymbol} ({d.Contract.TradingClass}, conId {d.Contract.ConId})"))}", 200),
            };
            if (reply is ContractsProtocol.Qualified q)
            {
                _cache[spec.Key] = (q.Details, now);
            }

            return reply;
        });
    }

    private static ContractSpec SpecOf(ContractDetails d)
    {
        var expiration = d.Contract.LastTradeDateOrContractMonth;
        return ContractSpec.Option(d.Contract.Symbol, expiration.Length > 8 ? expiration[..8] : expiration, (decimal)d.Contract.Strike, d.Contract.Right);
    }

    /// <summary>IB answers a loose spec with every near match; keep the ones that are what was asked.</summary>
    private static bool Matches(ContractSpec spec, ContractDetails d) =>
        !spec.IsOption || ((decimal)d.Contract.Strike == spec.Strike && d.Contract.Right == spec.Right
            && d.Contract.LastTradeDateOrContractMonth.StartsWith(spec.Expiration!, StringComparison.Ordinal));

    private void Fail(IActorRef request, Failed failure)
    {
        if (_byRequest.Remove(request, out var lookup))
        {
            Finish(lookup, _ => failure);
        }
    }

    private void Finish(Lookup lookup, Func<ContractSpec, object> replyFor)
    {
        _byKey.Remove(lookup.Key);

        foreach (var (spec, waiter) in lookup.Waiters)
        {
            var reply = replyFor(spec);
            if (reply is Failed f)
            {
                _log.Info("Contract {InstrumentKey} not qualified: {Reason}", spec.Key, f.Message);
                reply = new ContractsProtocol.NotQualified(spec, f);
            }

            waiter.Tell(reply);
        }
    }

    private sealed class Lookup(string key, List<(ContractSpec Spec, IActorRef Waiter)> waiters)
    {
        public string Key { get; } = key;

        public List<(ContractSpec Spec, IActorRef Waiter)> Waiters { get; } = waiters;
    }
}
