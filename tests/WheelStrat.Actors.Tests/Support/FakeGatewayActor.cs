using System.Collections.Concurrent;
using Akka.Actor;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Replies;
using WheelStrat.Tws.Messages.Requests;
using static WheelStrat.Actors.Gateway.GatewayProtocol;

namespace WheelStrat.Actors.Tests.Support;

/// <summary>
/// Plays the gateway actor for feature actors: allocates request ids, records every request, and
/// answers reqContractDetails at once with a plausible contract so tests can focus on the feature.
/// </summary>
public sealed class FakeGatewayActor : ReceiveActor
{
    private int _nextId = 1;

    public FakeGatewayActor(GatewayLog log)
    {
        Receive<StartRequest>(m =>
        {
            var id = _nextId++;
            var request = m.Build(id);
            // As the real gateway: the owner learns its id before anything can be sent for it.
            Sender.Tell(new RequestStarted(id, m.Context));
            log.Add(request, Sender);
            if (request is ReqContractDetails cd)
            {
                var c = cd.Contract with { ConId = 1000 + Math.Abs(cd.Contract.Symbol.GetHashCode() % 1000) };
                Sender.Tell(new ContractData(id, new ContractDetails { Contract = c, TimeZoneId = "US/Eastern" }));
                Sender.Tell(new ContractDataEnd(id));
            }
        });
        Receive<SendRequest>(m => log.Add(m.Request, Sender));
        Receive<ReleaseRequest>(_ => { });
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
