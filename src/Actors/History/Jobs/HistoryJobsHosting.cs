using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.Singleton;
using WheelStrat.Actors.Clustering;
using WheelStrat.Actors.Spawning;

namespace WheelStrat.Actors.History.Jobs;

public static class HistoryJobsHosting
{
    /// <summary>Job ids spread over this many shards; all of them live on the oldest node (see <see cref="OldestNodeAllocation"/>).</summary>
    private const int Shards = 20;

    /// <summary>
    /// The "history-job" shard region (entities passivate themselves once finished, settled and idle), the
    /// <see cref="HistoryJobIndex"/> singleton at /user/history-jobs-index, and the <see cref="HistoryJobsManager"/>
    /// front at /user/history-jobs, which it returns. Jobs live beside the gateway singleton, whose history pacing
    /// they share, so their shards use the orders' allocation.
    /// </summary>
    public static IActorRef StartHistoryJobs(ActorSystem system, HistoryJobDependencies deps)
    {
        IActorRef index = ActorRefs.Nobody; // set below, before any entity can start
        var region = ClusterSharding.Get(system).Start(
            "history-job",
            id => FactoryProps.Of(() => new HistoryJobActor(id, deps, index)),
            // A running job may wait minutes for IB's pacing and must not be passivated idle: it passivates itself when settled.
            ClusterShardingSettings.Create(system).WithPassivateIdleAfter(TimeSpan.Zero),
            HashCodeMessageExtractor.Create(Shards, _ => null!),
            new OldestNodeAllocation(),
            HistoryJobsProtocol.StopNow.Instance);

        system.ActorOf(ClusterSingletonManager.Props(
            Props.Create(() => new HistoryJobIndex(region, deps.Time)), PoisonPill.Instance, ClusterSingletonManagerSettings.Create(system)), "history-jobs-index");
        index = system.ActorOf(ClusterSingletonProxy.Props("/user/history-jobs-index", ClusterSingletonProxySettings.Create(system)), "history-jobs-index-proxy");
        return system.ActorOf(Props.Create(() => new HistoryJobsManager(index)), "history-jobs");
    }
}
