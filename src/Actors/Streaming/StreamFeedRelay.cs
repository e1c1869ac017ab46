using Akka.Actor;
using WheelStrat.Actors.Executions;
using WheelStrat.Actors.Orders;

namespace WheelStrat.Actors.Streaming;

/// <summary>
/// One per node: orders live on whichever node hosts their shard, and the EventStream is per node, so each node hands
/// its own order and execution events to the one <see cref="StreamFeed"/> (a cluster singleton). Each event is
/// published on one node only, so it reaches the feed once.
/// </summary>
public sealed class StreamFeedRelay : ReceiveActor
{
    public StreamFeedRelay(IActorRef feed)
    {
        Receive<OrderViewChanged>(m => feed.Tell(m));
        Receive<ExecutionsProtocol.TradeJournaled>(m => feed.Tell(m));
        Receive<ExecutionsProtocol.CommissionJournaled>(m => feed.Tell(m));
    }

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(OrderViewChanged));
        Context.System.EventStream.Subscribe(Self, typeof(ExecutionsProtocol.TradeJournaled));
        Context.System.EventStream.Subscribe(Self, typeof(ExecutionsProtocol.CommissionJournaled));
    }
}
