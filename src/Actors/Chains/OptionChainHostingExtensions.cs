using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Options;
using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.Gateway;
using WheelStrat.Actors.MarketData;

namespace WheelStrat.Actors.Chains;

public static class OptionChainHostingExtensions
{
    /// <summary>/user/chains (after the gateway and the contracts actor); its deadline and cache are the read side's (<see cref="MarketDataOptions"/>).</summary>
    public static AkkaConfigurationBuilder AddOptionChainActors(this AkkaConfigurationBuilder builder) =>
        builder.WithActors((system, registry, resolver) =>
        {
            var gateway = registry.Get<GatewayActor>();
            var contracts = registry.Get<ContractsActor>();
            var options = resolver.GetService<IOptions<MarketDataOptions>>();
            var time = resolver.GetService<TimeProvider>();
            registry.Register<OptionChainActor>(system.ActorOf(Props.Create(() => new OptionChainActor(gateway, contracts, options, time)), "chains"));
        });
}
