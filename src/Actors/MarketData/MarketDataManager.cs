using Akka.Actor;
using WheelStrat.Actors.Diagnostics;
using Akka.Event;
using Microsoft.Extensions.Options;
using WheelStrat.Actors.Gateway;
using WheelStrat.Actors.Replies;
using WheelStrat.Tws.Messages.Requests;
using static WheelStrat.Actors.Gateway.GatewayProtocol;
using static WheelStrat.Actors.MarketData.MarketDataProtocol;
using WheelStrat.Actors.Spawning;

namespace WheelStrat.Actors.MarketData;

/// <summary>
/// /user/market-data: one <see cref="InstrumentActor"/> per instrument key, capped at IB's line
/// allowance (least recently used released first, so callers never see IB's "max tickers"), and the
/// one place that switches the session to delayed data and fans out resubscribe notices — after the
/// market-data type, so no line is requested with the wrong type.
/// </summary>
public sealed class MarketDataManager : ObservedActor
{
    protected override string Kind => "market-data-manager";

    private readonly IActorRef _gateway;
    private readonly IActorRef _contracts;
    private readonly MarketDataOptions _options;
    private readonly GatewayHealthBoard _health;
    private readonly TimeProvider _time;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, (IActorRef Actor, LinkedListNode<string> Node)> _lines = [];
    private readonly LinkedList<string> _recency = new();
    private readonly HashSet<string> _streamed = [];
    private bool _delayed;

    public MarketDataManager(IActorRef gateway, IActorRef contracts, IOptions<MarketDataOptions> options, GatewayHealthBoard health, TimeProvider time)
    {
        _gateway = gateway;
        _contracts = contracts;
        _options = options.Value;
        _health = health;
        _time = time;

        Receive<GetQuote>(m =>
        {
            if (!Sender.AnsweredLate(m, _time.GetUtcNow()))
            {
                Forward(m.Spec, m);
            }
        });
        Receive<SubscribeQuotes>(m => Forward(m.Spec, m));
        Receive<LineStreamed>(m =>
        {
            if (m.Streamed)
            {
                _streamed.Add(m.Key);
            }
            else
            {
                _streamed.Remove(m.Key);
            }
        });
        Receive<GetLines>(_ => Sender.Tell(new Lines(_options.MaxLines, [.. _recency], _delayed)));
        Receive<NeedDelayedData>(_ => EnableDelayedData(Sender));
        Receive<LinesExhausted>(m => _ = EvictLeastRecentlyUsed(except: m.Key));
        Receive<ResubscribeNeeded>(OnResubscribeNeeded);
        Receive<Terminated>(t => Forget(t.ActorRef));
    }

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(ResubscribeNeeded));

    private void Forward(Contracts.ContractSpec spec, object message)
    {
        if (LineFor(spec) is { } line)
        {
            line.Forward(message);
        }
        else
        {
            var full = new Replies.Unavailable($"all {_options.MaxLines} market-data lines are held by open streams; close a stream or raise MarketData:MaxLines");
            Sender.Tell(message is SubscribeQuotes ? new QuotesRefused(spec.Key, full) : QuoteReply.Failing(full));
        }
    }

    private IActorRef? LineFor(Contracts.ContractSpec spec)
    {
        var key = spec.Key;
        if (_lines.TryGetValue(key, out var line))
        {
            _recency.Remove(line.Node);
            _recency.AddLast(line.Node);
            return line.Actor;
        }

        while (_lines.Count >= _options.MaxLines)
        {
            if (!EvictLeastRecentlyUsed(except: null))
            {
                return null;
            }
        }

        // The factory runs when the line starts, on its own thread: the type is read now, not then.
        var delayed = _delayed;
        var actor = Context.ActorOf(
            FactoryProps.Of(() => new InstrumentActor(spec, _gateway, _contracts, _options, _health, _time, delayed)),
            Uri.EscapeDataString(key) + "-" + Guid.NewGuid().ToString("N")[..6]);
        Context.Watch(actor);
        _lines[key] = (actor, _recency.AddLast(key));
        return actor;
    }

    /// <summary>Releases the least recently used line no stream holds; false when every line is streamed.</summary>
    private bool EvictLeastRecentlyUsed(string? except)
    {
        var victim = _recency.First;
        while (victim is not null && (victim.Value == except || _streamed.Contains(victim.Value)))
        {
            victim = victim.Next;
        }

        if (victim is null)
        {
            return false;
        }

        _log.Info("Line cap {MaxLines} reached: releasing least recently used {InstrumentKey}", _options.MaxLines, victim.Value);
        var actor = _lines[victim.Value].Actor;
        Remove(victim.Value);
        Context.Stop(actor);
        return true;
    }

    private void EnableDelayedData(IActorRef requester)
    {
        if (!_delayed)
        {
            _delayed = true;
            _log.Warning("IB refused live market data; switching the session to delayed data (reqMarketDataType 3)");
            _gateway.Tell(new SendRequest(new ReqMarketDataType(3)));
        }

        requester.Tell(DelayedDataEnabled.Instance);
    }

    private void OnResubscribeNeeded(ResubscribeNeeded m)
    {
        // The type is per session: set it again before the lines come back.
        if (_delayed && m.Reason == ResubscribeReason.Reconnected)
        {
            _gateway.Tell(new SendRequest(new ReqMarketDataType(3)));
        }

        foreach (var (actor, _) in _lines.Values)
        {
            actor.Tell(Resubscribe.Instance);
        }
    }

    private void Forget(IActorRef actor)
    {
        var key = _lines.FirstOrDefault(kv => kv.Value.Actor.Equals(actor)).Key;
        if (key is not null)
        {
            Remove(key);
        }
    }

    private void Remove(string key)
    {
        _streamed.Remove(key);
        if (_lines.Remove(key, out var line))
        {
            _recency.Remove(line.Node);
        }
    }
}
