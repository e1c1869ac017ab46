using Akka.Actor;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Replies;

namespace WheelStrat.Actors.Gateway.Requests;

/// <summary>
/// One IB subscription (a market-data line, the account summary) for as long as its parent keeps it: asks the
/// gateway once, tells the parent <see cref="IbRequestProtocol.SubscriptionOpened"/>, forwards every reply and
/// every IB error for its id (the parent knows which notices matter), and is cancelled at IB by the gateway when
/// the parent stops it or stops. Never sent, it fails as a one-shot child does and stops. The parent asks again
/// with a new child (after a reconnect, a 1101 or a farm blip); the end of a session does not stop it, and
/// replacing it then costs no cancel, as the gateway forgot its id with the session.
/// </summary>
public sealed class IbSubscriptionActor : IbRequestChild
{
    public IbSubscriptionActor(IActorRef gateway, IbRequest request, DateTimeOffset? notAfter)
        : base(gateway, request, notAfter)
    {
        Receive<ErrMsg>(m => Context.Parent.Tell(m));
        Receive<IRequestReply>(m => Context.Parent.Tell(m));
    }

    protected override string Kind => "ib-subscription";

    protected override void OnSent(int reqId)
    {
        ReportState($"streaming ({Request.Name} {reqId})");
        Context.Parent.Tell(new IbRequestProtocol.SubscriptionOpened(Request));
    }
}
