using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Options;
using WheelStrat.Actors.Gateway;
using WheelStrat.Actors.MarketData;

namespace WheelStrat.Actors.Streaming;

public static class StreamingHostingExtensions
{
    /// <summary>/user/stream-feed and /user/streams (after market data).</summary>
    public static AkkaConfigurationBuilder AddStreamingActors(this AkkaConfigurationBuilder builder) =>
        builder.WithActors((system, registry, resolver) =>
        {
            var options = resolver.GetService<IOptions<StreamingOptions>>().Value;
            var health = resolver.GetService<GatewayHealthBoard>();
            var marketData = registry.Get<MarketDataManager>();
            var feed = system.ActorOf(Props.Create(() => new StreamFeed(options)), "stream-feed");
            registry.Register<StreamFeed>(feed);
            registry.Register<StreamsActor>(system.ActorOf(Props.Create(() => new StreamsActor(marketData, feed, options, health)), "streams"));
        });
}
