using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;

namespace WheelStrat.Actors.Clustering;

public static class ClusterHostingExtensions
{
    /// <summary>
    /// Remoting and Akka.Cluster. With no seed nodes the node joins itself at start: a single bridge needs no
    /// other process, and the same sharding and singletons run unchanged when seed nodes make it a real cluster.
    /// </summary>
    public static AkkaConfigurationBuilder AddClusterNode(this AkkaConfigurationBuilder builder, ClusterNodeOptions options)
    {
        builder
            .WithRemoting(new RemoteOptions { HostName = options.Hostname, Port = options.Port })
            .WithClustering(new ClusterOptions { SeedNodes = options.SeedNodes });
        if (options.SeedNodes.Length == 0)
        {
            // The port may be 0 until remoting has bound it, so the address is read once the system runs.
            builder.AddStartup((system, _) =>
            {
                var cluster = Akka.Cluster.Cluster.Get(system);
                cluster.Join(cluster.SelfAddress);
            });
        }

        return builder;
    }
}
