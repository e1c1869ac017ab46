using Akka.Actor;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Replies;
using static WheelStrat.Actors.Gateway.GatewayProtocol;

namespace WheelStrat.Actors.Gateway.Requests;

/// <summary>
/// One IB subscription (a market-data line, the account summary) for as long as its parent keeps it: asks the
/// gateway once, tells the parent <see cref="IbRequestProtocol.SubscriptionOpened"/>, forwards every reply and
/// every IB error for its id (the parent knows which notices matter), and is abandoned — so cancelled at IB — when
/// the parent stops it or stops. Never sent, it fails as a one-shot child does and stops. The parent asks again
/// with a new child (after a reconnect, a 1101 or a farm blip); a session that ends only tells this one that IB
/// forgot its request, so replacing it later costs no cancel.
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

    protected override void OnDisconnected(GatewayDisconnected m) => EndedAtIb();
}
