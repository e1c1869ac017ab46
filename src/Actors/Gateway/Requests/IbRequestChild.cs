using Akka.Actor;
using WheelStrat.Actors.Diagnostics;
using static WheelStrat.Actors.Gateway.GatewayProtocol;

namespace WheelStrat.Actors.Gateway.Requests;

/// <summary>
/// What every request child does with the gateway: asks it once to allocate an id for its request, own it and send
/// it (through the message-rate governor). It never needs the id: the gateway watches it, and when it stops before
/// IB ended the request (a deadline, a parent that gave up or stopped, a replaced line) the gateway drops the
/// request still waiting for the rate or cancels the one IB holds, also when the child stopped before it heard its id.
/// </summary>
public abstract class IbRequestChild : ObservedActor
{
    private readonly IActorRef _gateway;
    private readonly DateTimeOffset? _notAfter;

    protected IbRequestChild(IActorRef gateway, IbRequest request, DateTimeOffset? notAfter)
    {
        _gateway = gateway;
        Request = request;
        _notAfter = notAfter;

        Receive<RequestSent>(m => OnSent(m.ReqId));
        Receive<RequestNotStarted>(m => Finish(new IbRequestProtocol.RequestFailed(request, m.ToFailure())));
    }

    protected IbRequest Request { get; }

    protected override string Kind => "ib-request";

    protected override string? Owns => Request.Name;

    protected override void PreStart()
    {
        ReportState($"waiting to send {Request.Name}");
        _gateway.Tell(new SendIbRequest(Request, _notAfter));
    }

    protected virtual void OnSent(int reqId) => ReportState($"waiting for IB ({Request.Name} {reqId})");

    /// <summary>Answers the parent once and stops.</summary>
    protected void Finish(object answer)
    {
        Context.Parent.Tell(answer);
        Context.Stop(Self);
    }
}
