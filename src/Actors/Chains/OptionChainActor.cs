using System.Diagnostics;
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
    DateTimeOffset AsOf);

public static class OptionChainProtocol
{
    /// <summary>Answered within MarketData:ChainTimeout and never past <paramref name="NotAfter"/>.</summary>
    public sealed record GetOptionChain(string Symbol, NotAfter NotAfter) : IAsk<OptionChainReply>;

    /// <summary>The answer to <see cref="GetOptionChain"/>.</summary>
    public abstract record OptionChainReply : IClosedReply<OptionChainReply>
    {
        private OptionChainReply()
        {
        }

        public static OptionChainReply Failing(Failed failed) => new Failure(failed);

        public T Match<T>(Func<Found, T> found, Func<Failure, T> failure) => this switch
        {
            Found f => found(f),
            Failure f => failure(f),
            _ => throw new UnreachableException(),
        };

        public sealed record Found(OptionChain Chain) : OptionChainReply;

        /// <summary>No chain: the underlying or its options unknown to IB, no session, or no answer in time.</summary>
        public sealed record Failure(Failed Reason) : OptionChainReply;
    }

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
        Receive<ContractsProtocol.NotQualified>(m => Finish(m.Spec.Symbol, OptionChainProtocol.OptionChainReply.Failing(m.Failure)));
        Receive<RequestCompleted<IReadOnlyList<SecDefOptParameter>>>(m => Complete((OptionParametersRequest)m.Request, m.Result));
        Receive<RequestFailed>(m =>
        {
            var symbol = ((OptionParametersRequest)m.Request).Symbol;
            if (_fetches.TryGetValue(symbol, out var fetch) && Sender.Equals(fetch.Request))
            {
                Finish(symbol, OptionChainProtocol.OptionChainReply.Failing(m.Failure));
            }
        });
        Receive<OptionChainProtocol.Deadline>(m => Finish(m.Symbol, OptionChainProtocol.OptionChainReply.Failing(new TimedOut($"IB did not send the option chain of {m.Symbol} in time"))));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private void OnGet(OptionChainProtocol.GetOptionChain m)
    {
        var symbol = m.Symbol.ToUpperInvariant();
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(symbol, out var chain) && now - chain.AsOf < _options.ChainCacheTtl)
        {
            Sender.Tell(new OptionChainProtocol.OptionChainReply.Found(chain));
            return;
        }

        if (Sender.AnsweredLate(m, now))
        {
            return;
        }

        if (_fetches.TryGetValue(symbol, out var fetch))
        {
            fetch.Waiters.Add(Sender);
            return;
        }

        // The first caller's deadline (within the configured one) bounds the fetch: the contract lookup and IB's answer.
        var notAfter = m.NotAfter.AtMost(_options.ChainTimeout, now);
        _fetches[symbol] = new Fetch(symbol, [Sender], notAfter);
        Timers.StartSingleTimer(symbol, new OptionChainProtocol.Deadline(symbol), notAfter.Remaining(now));
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
        // The request gets what is left of the fetch's deadline; that deadline answers the callers and stops the request with it.
        fetch.Request = Context.ActorOf(IbRequests.Collect<SecDefOptParameter, SecDefOptParameterEnd>(
            _gateway, new OptionParametersRequest(symbol, fetch.UnderlyingConId), fetch.NotAfter.Remaining(_time.GetUtcNow()), fetch.NotAfter.At));
    }

    private void Complete(OptionParametersRequest request, IReadOnlyList<SecDefOptParameter> parts)
    {
        if (!_fetches.TryGetValue(request.Symbol, out var fetch) || !Sender.Equals(fetch.Request))
        {
            return;
        }

        if (parts.Count == 0)
        {
            Finish(fetch.Symbol, OptionChainProtocol.OptionChainReply.Failing(new NotFound($"IB has no listed options for {fetch.Symbol}")));
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
        Finish(fetch.Symbol, new OptionChainProtocol.OptionChainReply.Found(chain));
    }

    private void Finish(string symbol, OptionChainProtocol.OptionChainReply reply)
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

    private sealed class Fetch(string symbol, List<IActorRef> waiters, NotAfter notAfter)
    {
        public string Symbol { get; } = symbol;

        public NotAfter NotAfter { get; } = notAfter;

        public List<IActorRef> Waiters { get; } = waiters;

        public int UnderlyingConId { get; set; }

        public IActorRef? Request { get; set; }
    }
}
