using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;

namespace WheelStrat.Actors.Clustering;

/// <summary>
/// Puts every shard on the node that runs the shard coordinator, which is the oldest node, where the gateway's
/// singleton (the one IB session) also runs. Order entities talk to IB through that session and read its health,
/// so they live beside it; when that node leaves, the next oldest takes the coordinator, the gateway and the
/// shards together. Never rebalances: a shard moves only when its node goes.
/// </summary>
public sealed class OldestNodeAllocation : IShardAllocationStrategy
{
    public Task<IActorRef> AllocateShard(IActorRef requester, string shardId, IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations)
    {
        // The coordinator is local to the oldest node, so that node's region is the one with a local address.
        var local = currentShardAllocations.Keys.FirstOrDefault(r => r.Path.Address.HasLocalScope);
        return Task.FromResult(local ?? requester);
    }

    public Task<IImmutableSet<string>> Rebalance(IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations, IImmutableSet<string> rebalanceInProgress) =>
        Task.FromResult<IImmutableSet<string>>(ImmutableHashSet<string>.Empty);
}
