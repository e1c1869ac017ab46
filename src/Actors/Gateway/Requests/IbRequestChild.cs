using Akka.Actor;
using WheelStrat.Actors.Diagnostics;
using WheelStrat.Actors.Replies;
using static WheelStrat.Actors.Gateway.GatewayProtocol;

namespace WheelStrat.Actors.Gateway.Requests;

/// <summary>
/// What every request child does with the gateway: asks it once to allocate an id for its request, own it and send
/// it (through the message-rate governor), and, stopped before IB ended the request, abandons it. The gateway then
/// never sends a request still waiting for the rate and cancels at IB one it sent, also when the child stopped
/// before it learned the id: the child never needs the id, so no request outlives the actor that wanted it.
/// </summary>
public abstract class IbRequestChild : ObservedActor
{
    private readonly IActorRef _gateway;
    private readonly DateTimeOffset? _notAfter;
    private bool _endedAtIb;

    protected IbRequestChild(IActorRef gateway, IbRequest request, DateTimeOffset? notAfter)
    {
        _gateway = gateway;
        Request = request;
        _notAfter = notAfter;

        Receive<RequestSent>(m => OnSent(m.ReqId));
        Receive<RequestNotStarted>(m => Finish(new IbRequestProtocol.RequestFailed(request, m.ToFailure()), endedAtIb: true));
        Receive<GatewayDisconnected>(OnDisconnected);
    }

    protected IbRequest Request { get; }

    protected override string Kind => "ib-request";

    protected override string? Owns => Request.Name;

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(GatewayDisconnected));
        ReportState($"waiting to send {Request.Name}");
        _gateway.Tell(new SendIbRequest(Request, _notAfter));
    }

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        if (!_endedAtIb)
        {
            _gateway.Tell(new AbandonRequest(Request));
        }
    }

    protected virtual void OnSent(int reqId) => ReportState($"waiting for IB ({Request.Name} {reqId})");

    /// <summary>The session's replies died with its socket, and so did the request at IB: nothing to cancel.</summary>
    protected virtual void OnDisconnected(GatewayDisconnected m) =>
        Finish(new IbRequestProtocol.RequestFailed(Request, new Unavailable($"the gateway disconnected: {m.Reason}")), endedAtIb: true);

    /// <summary>IB no longer holds the request (its session ended): stopping costs nothing at IB.</summary>
    protected void EndedAtIb() => _endedAtIb = true;

    /// <summary>Answers the parent once and stops; a request IB still holds is abandoned (so cancelled) as it stops.</summary>
    protected void Finish(object answer, bool endedAtIb)
    {
        _endedAtIb = endedAtIb;
        Context.Parent.Tell(answer);
        Context.Stop(Self);
    }
}
