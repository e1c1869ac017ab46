using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.Gateway;

namespace WheelStrat.Actors.MarketData;

public static class MarketDataHostingExtensions
{
    /// <summary>
    /// Section "MarketData", checked at start: the read side's deadlines and caps, which the contracts and chains
    /// features share with quotes.
    /// </summary>
    public static IServiceCollection AddMarketData(this IServiceCollection services)
    {
        services.AddOptions<MarketDataOptions>().BindConfiguration(MarketDataOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    /// <summary>/user/market-data (after the gateway and the contracts actor).</summary>
    public static AkkaConfigurationBuilder AddMarketDataActors(this AkkaConfigurationBuilder builder) =>
        builder.WithActors((system, registry, resolver) =>
        {
            var gateway = registry.Get<GatewayActor>();
            var contracts = registry.Get<ContractsActor>();
            var options = resolver.GetService<IOptions<MarketDataOptions>>();
            var board = resolver.GetService<GatewayHealthBoard>();
            var time = resolver.GetService<TimeProvider>();
            registry.Register<MarketDataManager>(
                system.ActorOf(Props.Create(() => new MarketDataManager(gateway, contracts, options, board, time)), "market-data"));
        });
}
