using Akka.Actor;
using static WheelStrat.Actors.Gateway.GatewayProtocol;

namespace WheelStrat.Actors.Gateway;

/// <summary>
/// Lets an actor act once per gateway session, whether it started before or after the connect:
/// it subscribes to <see cref="GatewayConnected"/> and asks the gateway for the session already up.
/// </summary>
public sealed class SessionWatch
{
    private int? _seen;

    /// <summary>Call from PreStart: the subscription comes first, so no session falls between the two.</summary>
    public static SessionWatch Start(IActorContext context, IActorRef gateway)
    {
        context.System.EventStream.Subscribe(context.Self, typeof(GatewayConnected));
        gateway.Tell(TellIfConnected.Instance, context.Self);
        return new SessionWatch();
    }

    /// <summary>False for the second report of a session already seen.</summary>
    public bool IsNew(GatewayConnected m)
    {
        if (_seen == m.Generation)
        {
            return false;
        }

        _seen = m.Generation;
        return true;
    }
}
