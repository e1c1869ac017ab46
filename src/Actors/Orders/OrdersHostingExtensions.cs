using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.Singleton;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WheelStrat.Actors.Clustering;
using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.Gateway;
using WheelStrat.Actors.MarketData;
using static WheelStrat.Actors.Orders.OrdersProtocol;
using WheelStrat.Actors.Spawning;

namespace WheelStrat.Actors.Orders;

/// <summary>Marker for <see cref="IRequiredActor{TActor}"/>: the shard region of the order entities.</summary>
public sealed class OrderRegion;

public static class OrdersHostingExtensions
{
    /// <summary>Order keys spread over this many shards; all of them live on the oldest node (see <see cref="OldestNodeAllocation"/>).</summary>
    private const int Shards = 50;

    /// <summary>Section "Trading" (the safety rules and the submit wait), checked at start.</summary>
    public static IServiceCollection AddOrders(this IServiceCollection services)
    {
        services.AddOptions<SafetyOptions>().BindConfiguration(SafetyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    /// <summary>
    /// After the gateway and the market-data actors: the "order" shard region (entities passivate themselves
    /// once final and idle), the <see cref="OrderIndex"/> singleton at /user/orders-index, and the API's
    /// /user/orders on every node.
    /// </summary>
    public static AkkaConfigurationBuilder AddOrderActors(this AkkaConfigurationBuilder builder) => builder
        // Sharding's own idle passivation would stop working orders, whose IB statuses come to the live actor: an
        // order passivates itself once final (or free) and idle.
        .AddHocon("akka.cluster.sharding.passivate-idle-entity-after = off", HoconAddMode.Prepend)
        .WithActors((system, registry, resolver) =>
        {
            var deps = new OrderDependencies(
                registry.Get<GatewayActor>(),
                registry.Get<ContractsActor>(),
                registry.Get<MarketDataManager>(),
                resolver.GetService<IOptions<SafetyOptions>>().Value,
                resolver.GetService<GatewayHealthBoard>(),
                resolver.GetService<TimeProvider>());

            var singletons = ClusterSingletonManagerSettings.Create(system);
            // Messages to an order are ShardingEnvelopes with its key, which the extractor unwraps by itself.
            var region = ClusterSharding.Get(system).Start(
                "order",
                key => FactoryProps.Of(() => new OrderActor(key, deps, registry.Get<OrderIndex>(), registry.Get<OrderRegion>())),
                ClusterShardingSettings.Create(system),
                HashCodeMessageExtractor.Create(Shards, _ => null!),
                new OldestNodeAllocation(),
                StopNow.Instance);
            registry.Register<OrderRegion>(region);

            system.ActorOf(ClusterSingletonManager.Props(
                Props.Create(() => new OrderIndex(region, deps)), PoisonPill.Instance, singletons), "orders-index");
            var index = system.ActorOf(ClusterSingletonProxy.Props("/user/orders-index", ClusterSingletonProxySettings.Create(system)), "orders-index-proxy");
            registry.Register<OrderIndex>(index);

            registry.Register<OrdersManager>(system.ActorOf(Props.Create(() => new OrdersManager(index, deps)), "orders"));
        });

}
