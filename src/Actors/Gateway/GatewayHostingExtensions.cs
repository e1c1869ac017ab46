using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Pattern;

namespace WheelStrat.Actors.Gateway;

/// <summary>Marker for <see cref="IRequiredActor{TActor}"/>: the gateway's backoff supervisor (forwards to the connection actor).</summary>
public sealed class GatewayActor;

public static class GatewayHostingExtensions
{
    /// <summary>
    /// /user/gateway: a cluster singleton, because IB takes one connection per clientId: only the oldest node holds
    /// the session, and the next oldest opens it when that node leaves. Inside, a backoff supervisor around
    /// <see cref="GatewayConnectionActor"/>. Network faults are handled inside the actor's state machine; the
    /// supervisor only covers bugs (an exception), restarting the actor after a growing delay instead of
    /// hot-looping. The registry holds the singleton's proxy, so callers on any node reach the one session.
    /// </summary>
    public static AkkaConfigurationBuilder AddGatewayActors(this AkkaConfigurationBuilder builder) =>
        builder.WithSingleton<GatewayActor>(
            "gateway",
            (_, _, resolver) => BackoffSupervisor.Props(
                Backoff.OnFailure(resolver.Props<GatewayConnectionActor>(), "connection", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2, -1)
                    .WithAutoReset(TimeSpan.FromMinutes(1))),
            new ClusterSingletonOptions());
}
