using Akka.Actor;
using Akka.Hosting;
using Akka.Pattern;

namespace WheelStrat.Actors.Gateway;

/// <summary>Marker for <see cref="IRequiredActor{TActor}"/>: the gateway's backoff supervisor (forwards to the connection actor).</summary>
public sealed class GatewayActor;

public static class GatewayHostingExtensions
{
    /// <summary>
    /// /user/gateway: a backoff supervisor around <see cref="GatewayConnectionActor"/>. Network faults
    /// are handled inside the actor's state machine; the supervisor only covers bugs (an exception),
    /// restarting the actor after a growing delay instead of hot-looping.
    /// </summary>
    public static AkkaConfigurationBuilder AddGatewayActors(this AkkaConfigurationBuilder builder) =>
        builder.WithActors((system, registry, resolver) =>
        {
            var child = resolver.Props<GatewayConnectionActor>();
            var supervisor = BackoffSupervisor.Props(
                Backoff.OnFailure(child, "connection", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2, -1)
                    .WithAutoReset(TimeSpan.FromMinutes(1)));
            registry.Register<GatewayActor>(system.ActorOf(supervisor, "gateway"));
        });
}
