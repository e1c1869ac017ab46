using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WheelStrat.Actors.Gateway;
using WheelStrat.Actors.MarketData;

namespace WheelStrat.Actors.Streaming;

public static class StreamingHostingExtensions
{
    /// <summary>Section "Streaming", checked at start.</summary>
    public static IServiceCollection AddStreaming(this IServiceCollection services)
    {
        services.AddOptions<StreamingOptions>().BindConfiguration(StreamingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    /// <summary>
    /// /user/stream-feed as a cluster singleton (the feed has one writer), a relay on every node that hands it the
    /// node's own order and execution events, and /user/streams (after market data).
    /// </summary>
    public static AkkaConfigurationBuilder AddStreamingActors(this AkkaConfigurationBuilder builder) =>
        builder
            .WithSingleton<StreamFeed>(
                "stream-feed",
                (_, _, resolver) => Props.Create(() => new StreamFeed(resolver.GetService<IOptions<StreamingOptions>>().Value)),
                new ClusterSingletonOptions())
            .WithActors((system, registry, resolver) =>
            {
                var options = resolver.GetService<IOptions<StreamingOptions>>().Value;
                var health = resolver.GetService<GatewayHealthBoard>();
                var marketData = registry.Get<MarketDataManager>();
                var feed = registry.Get<StreamFeed>();
                system.ActorOf(Props.Create(() => new StreamFeedRelay(feed)), "stream-feed-relay");
                registry.Register<StreamsActor>(system.ActorOf(Props.Create(() => new StreamsActor(marketData, feed, options, health)), "streams"));
            });
}
