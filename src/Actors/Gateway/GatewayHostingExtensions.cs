using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Pattern;
using Microsoft.Extensions.DependencyInjection;
using WheelStrat.Tws.Connection;

namespace WheelStrat.Actors.Gateway;

/// <summary>Marker for <see cref="IRequiredActor{TActor}"/>: the gateway's backoff supervisor (forwards to the connection actor).</summary>
public sealed class GatewayActor;

public static class GatewayHostingExtensions
{
    /// <summary>Section "Gateway", checked at start; the TWS connector and the health board the read side and /health share.</summary>
    public static IServiceCollection AddGateway(this IServiceCollection services)
    {
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<GatewayHealthBoard>();
        services.AddSingleton<ITwsConnector, TwsClientConnector>();
        return services;
    }

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
