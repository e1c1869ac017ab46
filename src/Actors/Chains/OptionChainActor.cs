using Akka.Actor;
using WheelStrat.Actors.Diagnostics;
using Microsoft.Extensions.Options;
using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.MarketData;
using WheelStrat.Actors.Replies;
using WheelStrat.Tws.Messages.Replies;
using WheelStrat.Tws.Messages.Requests;
using WheelStrat.Actors.Gateway.Requests;
using static WheelStrat.Actors.Gateway.Requests.IbRequestProtocol;

namespace WheelStrat.Actors.Chains;

public sealed record OptionChain(
    string Symbol,
    int UnderlyingConId,
    IReadOnlyList<string> Expirations,
    IReadOnlyList<double> Strikes,
    IReadOnlyList<string> Exchanges,
    string Multiplier,
    string TradingClass,
    DateTimeOffset AsOf) : IReplyTo<OptionChainProtocol.GetOptionChain>;

public static class OptionChainProtocol
{
    /// <summary>Replies <see cref="OptionChain"/> or a Failed.</summary>
    public sealed record GetOptionChain(string Symbol);

    internal sealed record Deadline(string Symbol);
}

/// <summary>
/// /user/chains: reqSecDefOptParams per underlying, merged across exchanges, cached with a TTL.
/// Concurrent callers for one symbol share one request.
/// </summary>
public sealed class OptionChainActor : ObservedActor, IWithTimers
{
    protected override string Kind => "option-chains";

    private readonly IActorRef _gateway;
    private readonly IActorRef _contracts;
    private readonly MarketDataOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, OptionChain> _cache = [];
    private readonly Dictionary<string, Fetch> _fetches = [];

    public OptionChainActor(IActorRef gateway, IActorRef contracts, IOptions<MarketDataOptions> options, TimeProvider time)
    {
        _gateway = gateway;
        _contracts = contracts;
        _options = options.Value;
        _time = time;

        Receive<OptionChainProtocol.GetOptionChain>(OnGet);
        Receive<ContractsProtocol.Qualified>(OnUnderlying);
        Receive<ContractsProtocol.NotQualified>(m => Finish(m.Spec.Symbol, m.Failure));
        Receive<RequestCompleted<IReadOnlyList<SecDefOptParameter>>>(m => Complete((OptionParametersRequest)m.Request, m.Result));
        Receive<RequestFailed>(m =>
        {
            var symbol = ((OptionParametersRequest)m.Request).Symbol;
            if (_fetches.TryGetValue(symbol, out var fetch) && Sender.Equals(fetch.Request))
            {
                Finish(symbol, m.Failure);
            }
        });
        Receive<OptionChainProtocol.Deadline>(m => Finish(m.Symbol, new TimedOut($"IB did not send the option chain within {_options.ChainTimeout.TotalSeconds:0}s")));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private void OnGet(OptionChainProtocol.GetOptionChain m)
    {
        var symbol = m.Symbol.ToUpperInvariant();
        if (_cache.TryGetValue(symbol, out var chain) && _time.GetUtcNow() - chain.AsOf < _options.ChainCacheTtl)
        {
            Sender.Tell(chain);
            return;
        }

        if (_fetches.TryGetValue(symbol, out var fetch))
        {
            fetch.Waiters.Add(Sender);
            return;
        }

        _fetches[symbol] = new Fetch(symbol, [Sender]);
        Timers.StartSingleTimer(symbol, new OptionChainProtocol.Deadline(symbol), _options.ChainTimeout);
        _contracts.Tell(new ContractsProtocol.Qualify(ContractSpec.Stock(symbol)));
    }

    private void OnUnderlying(ContractsProtocol.Qualified m)
    {
        var symbol = m.Spec.Symbol;
        if (!_fetches.TryGetValue(symbol, out var fetch))
        {
            return;
        }

        fetch.UnderlyingConId = m.Details.Contract.ConId;
        // The chain's own deadline (started with the fetch) answers the callers and stops the request with it.
        fetch.Request = Context.ActorOf(IbRequests.Collect<SecDefOptParameter, SecDefOptParameterEnd>(
            _gateway, new OptionParametersRequest(symbol, fetch.UnderlyingConId), _options.ChainTimeout));
    }

    private void Complete(OptionParametersRequest request, IReadOnlyList<SecDefOptParameter> parts)
    {
        if (!_fetches.TryGetValue(request.Symbol, out var fetch) || !Sender.Equals(fetch.Request))
        {
            return;
        }

        if (parts.Count == 0)
        {
            Finish(fetch.Symbol, new NotFound($"IB has no listed options for {fetch.Symbol}"));
            return;
        }

        // One message per exchange/trading class; the chain the app wants is the standard class.
        var main = parts.FirstOrDefault(p => p.TradingClass == fetch.Symbol) ?? parts[0];
        var chain = new OptionChain(
            fetch.Symbol,
            fetch.UnderlyingConId,
            [.. parts.Where(p => p.TradingClass == main.TradingClass).SelectMany(p => p.Expirations).Distinct().Order(StringComparer.Ordinal)],
            [.. parts.Where(p => p.TradingClass == main.TradingClass).SelectMany(p => p.Strikes).Distinct().Order()],
            [.. parts.Select(p => p.Exchange).Distinct().Order(StringComparer.Ordinal)],
            main.Multiplier,
            main.TradingClass,
            _time.GetUtcNow());
        _cache[fetch.Symbol] = chain;
        Finish(fetch.Symbol, chain);
    }

    private void Finish(string symbol, object reply)
    {
        if (!_fetches.Remove(symbol, out var fetch))
        {
            return;
        }

        Timers.Cancel(symbol);
        if (fetch.Request is { } request)
        {
            Context.Stop(request);
        }

        foreach (var waiter in fetch.Waiters)
        {
            waiter.Tell(reply);
        }
    }

    private sealed class Fetch(string symbol, List<IActorRef> waiters)
    {
        public string Symbol { get; } = symbol;

        public List<IActorRef> Waiters { get; } = waiters;

        public int UnderlyingConId { get; set; }

        public IActorRef? Request { get; set; }
    }
}
