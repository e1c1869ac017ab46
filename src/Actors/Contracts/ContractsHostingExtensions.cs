using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Options;
using WheelStrat.Actors.Gateway;
using WheelStrat.Actors.MarketData;

namespace WheelStrat.Actors.Contracts;

public static class ContractsHostingExtensions
{
    /// <summary>/user/contracts (after the gateway); its deadlines are the read side's (<see cref="MarketDataOptions"/>).</summary>
    public static AkkaConfigurationBuilder AddContractActors(this AkkaConfigurationBuilder builder) =>
        builder.WithActors((system, registry, resolver) =>
        {
            var gateway = registry.Get<GatewayActor>();
            var options = resolver.GetService<IOptions<MarketDataOptions>>();
            var time = resolver.GetService<TimeProvider>();
            registry.Register<ContractsActor>(system.ActorOf(Props.Create(() => new ContractsActor(gateway, options, time)), "contracts"));
        });
}
