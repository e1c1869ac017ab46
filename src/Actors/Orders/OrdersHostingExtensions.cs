using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Options;
using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.Gateway;
using WheelStrat.Actors.MarketData;

namespace WheelStrat.Actors.Orders;

public static class OrdersHostingExtensions
{
    /// <summary>/user/orders (after the gateway and the market-data actors).</summary>
    public static AkkaConfigurationBuilder AddOrderActors(this AkkaConfigurationBuilder builder) =>
        builder.WithActors((system, registry, resolver) =>
        {
            var deps = new OrderDependencies(
                registry.Get<GatewayActor>(),
                registry.Get<ContractsActor>(),
                registry.Get<MarketDataManager>(),
                resolver.GetService<IOptions<SafetyOptions>>().Value,
                resolver.GetService<GatewayHealthBoard>(),
                resolver.GetService<TimeProvider>());
            var manager = system.ActorOf(Props.Create(() => new OrdersManager(deps)), "orders");
            registry.Register<OrdersManager>(manager);
        });
}
