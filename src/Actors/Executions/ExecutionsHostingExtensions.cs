using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Options;
using WheelStrat.Actors.Diagnostics;
using WheelStrat.Actors.Gateway;

namespace WheelStrat.Actors.Executions;

public static class ExecutionsHostingExtensions
{
    /// <summary>/user/executions (after the gateway).</summary>
    public static AkkaConfigurationBuilder AddExecutionActors(this AkkaConfigurationBuilder builder) =>
        builder.WithActors((system, registry, resolver) =>
        {
            var options = resolver.GetService<IOptions<ExecutionsOptions>>().Value;
            var gateway = registry.Get<GatewayActor>();
            var conditions = resolver.GetService<HealthConditions>();
            registry.Register<ExecutionJournal>(system.ActorOf(Props.Create(() => new ExecutionJournal(gateway, options, conditions)), "executions"));
        });
}
