using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WheelStrat.Actors.Diagnostics;
using WheelStrat.Actors.Gateway;

namespace WheelStrat.Actors.Executions;

public static class ExecutionsHostingExtensions
{
    /// <summary>Section "Executions", checked at start; the health conditions the journal raises and /health reports.</summary>
    public static IServiceCollection AddExecutions(this IServiceCollection services)
    {
        services.AddOptions<ExecutionsOptions>().BindConfiguration(ExecutionsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<HealthConditions>();
        return services;
    }

    /// <summary>
    /// /user/executions (after the gateway): a cluster singleton beside the gateway's, because the journal has one
    /// writer and its fills come from the one IB session.
    /// </summary>
    public static AkkaConfigurationBuilder AddExecutionActors(this AkkaConfigurationBuilder builder) =>
        builder.WithSingleton<ExecutionJournal>(
            "executions",
            (_, registry, resolver) =>
            {
                var options = resolver.GetService<IOptions<ExecutionsOptions>>().Value;
                var gateway = registry.Get<GatewayActor>();
                var conditions = resolver.GetService<HealthConditions>();
                return Props.Create(() => new ExecutionJournal(gateway, options, conditions));
            },
            new ClusterSingletonOptions());
}
