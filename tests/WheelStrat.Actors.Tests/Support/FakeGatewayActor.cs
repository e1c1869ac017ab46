using System.Collections.Concurrent;
using Akka.Actor;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Replies;
using WheelStrat.Tws.Messages.Requests;
using WheelStrat.Actors.Gateway.Requests;
using static WheelStrat.Actors.Gateway.GatewayProtocol;

namespace WheelStrat.Actors.Tests.Support;

/// <summary>
/// Plays the gateway actor for feature actors: allocates request ids, records every request, and
/// answers reqContractDetails at once with a plausible contract so tests can focus on the feature.
/// </summary>
public sealed class FakeGatewayActor : ReceiveActor
{
    private readonly Dictionary<int, (IActorRef Owner, IbRequest Request)> _owned = [];
    private int _nextId = 1;

    public FakeGatewayActor(GatewayLog log)
    {
        Receive<SendIbRequest>(m =>
        {
            var id = _nextId++;
            var request = m.Request.Build(id);
            _owned[id] = (Sender, m.Request);
            Context.Watch(Sender);
            // As the real gateway: the owner learns its id before anything can be sent for it.
            Sender.Tell(new RequestSent(id));
            log.Add(request, Sender);
            if (request is ReqContractDetails cd)
            {
                foreach (var c in Matching(cd.Contract))
                {
                    Sender.Tell(new ContractData(id, new ContractDetails { Contract = c, TimeZoneId = "US/Eastern" }));
                }

                Sender.Tell(new ContractDataEnd(id));
            }
        });
        Receive<SendRequest>(m => log.Add(m.Request, Sender));
        // As the real gateway: a subscription whose owner stops is cancelled at IB (the fake sees no replies, so
        // only requests that never end count as still held).
        Receive<Terminated>(t =>
        {
            foreach (var (id, request) in _owned.Where(kv => kv.Value.Owner.Equals(t.ActorRef)).Select(kv => (kv.Key, kv.Value.Request)).ToList())
            {
                _owned.Remove(id);
                if (request is MarketDataRequest or AccountSummaryRequest && request.CancelFor(id) is { } cancel)
                {
                    log.Add(cancel, t.ActorRef);
                }
            }
        });
    }

    /// <summary>The contract itself, or for an option with no strike (as IB does) every strike from 5 to 500 in fives.</summary>
    private static IEnumerable<Contract> Matching(Contract c)
    {
        var conId = 1000 + Math.Abs(c.Symbol.GetHashCode() % 1000);
        if (c.SecType != "OPT" || c.Strike != 0)
        {
            return [c with { ConId = conId }];
        }

        return Enumerable.Range(1, 100).Select(i => c with { Strike = i * 5, ConId = (conId * 1000) + i });
    }
}

/// <summary>What the fake gateway was asked to send, and to whom replies would go.</summary>
public sealed class GatewayLog
{
    private readonly ConcurrentQueue<(ITwsRequest Request, IActorRef Owner)> _sent = new();

    public void Add(ITwsRequest request, IActorRef owner) => _sent.Enqueue((request, owner));

    public IReadOnlyList<T> Sent<T>() where T : ITwsRequest => _sent.Select(s => s.Request).OfType<T>().ToList();

    public IActorRef OwnerOf(int reqId) =>
        _sent.First(s => s.Request is ReqMktData m && m.ReqId == reqId || s.Request is ReqHistoricalData h && h.ReqId == reqId
            || s.Request is ReqExecutions e && e.ReqId == reqId).Owner;
}
