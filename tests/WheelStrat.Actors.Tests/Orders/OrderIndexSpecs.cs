using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.Diagnostics;
using WheelStrat.Actors.Gateway;
using WheelStrat.Actors.Orders;
using WheelStrat.Actors.Replies;
using WheelStrat.Actors.Tests.Support;
using Xunit.Abstractions;
using static WheelStrat.Actors.Orders.OrdersProtocol;

namespace WheelStrat.Actors.Tests.Orders;

/// <summary>
/// The order index and its list, journaled in SQLite, with a probe as the shard region standing in for the order
/// entities: what a restart of the index (or of its list alone) leaves on GET /orders, and how it finds orders by id.
/// </summary>
public sealed class OrderIndexSpecs : TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 14, 30, 0, TimeSpan.Zero);
    private static readonly OrderTicket Ticket = new(ContractSpec.Stock("AAPL"), "BUY", 1, "LMT", 150m, "DAY");
    private readonly TestProbe _region;
    private readonly TestProbe _gateway;

    public OrderIndexSpecs(ITestOutputHelper output)
        : base(SqliteJournal.Config(SqliteJournal.NewDatabase()), output: output)
    {
        _region = CreateTestProbe();
        _gateway = CreateTestProbe();
    }

    [Fact]
    public void A_restarted_index_wakes_every_order_and_lists_what_they_report_newest_first()
    {
        var index = StartIndex();
        foreach (var (key, minute) in new[] { ("r-old", 1), ("r-new", 3), ("r-mid", 2) })
        {
            index.Tell(new PlaceOrder(key, Ticket, Deadline.Soon));
            Assert.Equal(key, ExpectEnvelope<Place>().EntityId);
            index.Tell(new OrderChanged(View(key, minute, orderId: 40 + minute)));
        }

        Assert.Equal(["r-new", "r-mid", "r-old"], Keys(index));
        Stop(index);

        var again = StartIndex();
        var woken = Enumerable.Range(0, 3).Select(_ => ExpectEnvelope<WakeUp>()).ToList();
        Assert.Equal(["r-old", "r-new", "r-mid"], woken.Select(e => e.EntityId));
        Assert.All(woken, e => Assert.Equal(44, ((WakeUp)e.Message).OrderIdFloor));
        Assert.Empty(Keys(again));

        foreach (var (key, minute) in new[] { ("r-mid", 2), ("r-old", 1), ("r-new", 3) })
        {
            again.Tell(new OrderChanged(View(key, minute, orderId: 40 + minute)));
        }

        Assert.Equal(["r-new", "r-mid", "r-old"], Keys(again));
    }

    [Fact]
    public void A_list_that_failed_is_rebuilt_from_the_orders_the_index_wakes()
    {
        var index = StartIndex();
        foreach (var (key, minute) in new[] { ("f-1", 1), ("f-2", 2) })
        {
            index.Tell(new PlaceOrder(key, Ticket, Deadline.Soon));
            ExpectEnvelope<Place>();
            index.Tell(new OrderChanged(View(key, minute, orderId: 10 + minute)));
        }

        Assert.Equal(["f-2", "f-1"], Keys(index));

        Sys.ActorSelection(index.Path / "list").Tell(InjectFailure.Instance);
        Assert.Equal(["f-1", "f-2"], new[] { ExpectEnvelope<WakeUp>().EntityId, ExpectEnvelope<WakeUp>().EntityId });
        Assert.Empty(Keys(index));

        index.Tell(new OrderChanged(View("f-1", 1, orderId: 11)));
        index.Tell(new OrderChanged(View("f-2", 2, orderId: 12)));
        Assert.Equal(["f-2", "f-1"], Keys(index));
    }

    [Fact]
    public void An_order_is_found_by_its_current_IB_id_and_a_withdrawn_one_only_by_its_key()
    {
        var index = StartIndex();
        index.Tell(new PlaceOrder("by-id", Ticket, Deadline.Soon));
        ExpectEnvelope<Place>();
        index.Tell(new OrderChanged(View("by-id", 1, orderId: 21)));

        // IB refused id 21 and the order went out again under 22: the old id names nothing now.
        index.Tell(new OrderChanged(View("by-id", 1, orderId: 22)));
        index.Tell(new GetOrder("22", Deadline.Soon));
        Assert.Equal("by-id", ExpectEnvelope<GetOrder>().EntityId);
        index.Tell(new GetOrder("21", Deadline.Soon));
        Assert.IsType<NotFound>(ExpectMsg<GetOrderReply.Failure>(Patience).Reason);

        index.Tell(new OrderWithdrawn("by-id"));
        index.Tell(new GetOrder("22", Deadline.Soon));
        Assert.IsType<NotFound>(ExpectMsg<GetOrderReply.Failure>(Patience).Reason);
        index.Tell(new GetOrder("by-id", Deadline.Soon));
        Assert.Equal("by-id", ExpectEnvelope<GetOrder>().EntityId);
        Assert.Empty(Keys(index));
    }

    [Fact]
    public void A_place_past_its_deadline_is_TimedOut_and_its_key_is_neither_journaled_nor_sent_to_an_order()
    {
        var index = StartIndex();

        index.Tell(new PlaceOrder("late", Ticket, Deadline.Passed));

        Assert.IsType<TimedOut>(ExpectMsg<PlaceOrderReply.Failure>(Patience).Reason);
        _region.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Stop(index);
        StartIndex();
        _region.ExpectNoMsg(TimeSpan.FromMilliseconds(500)); // a journaled key would be woken after the restart
    }

    private static OrderView View(string key, int minute, int orderId) => new(
        key, orderId, "Submitted", "AAPL", "STK", null, null, null, "BUY", 1, "LMT", 150m, "DAY",
        0, 1, 0, 0, null, null, null, [], false, Start.AddMinutes(minute), Start.AddMinutes(minute), false, null, null);

    private IActorRef StartIndex()
    {
        var deps = new OrderDependencies(_gateway.Ref, CreateTestProbe().Ref, CreateTestProbe().Ref, new SafetyOptions(), new GatewayHealthBoard(), TimeProvider.System);
        return Sys.ActorOf(Props.Create(() => new OrderIndex(_region.Ref, deps)));
    }

    private void Stop(IActorRef index)
    {
        Watch(index);
        index.Tell(PoisonPill.Instance);
        ExpectTerminated(index, Patience);
    }

    /// <summary>The next message for an order entity of the given type, skipping the others.</summary>
    private ShardingEnvelope ExpectEnvelope<T>() =>
        _region.FishForMessage<ShardingEnvelope>(e => e.Message is T, Patience);

    private List<string> Keys(IActorRef index)
    {
        index.Tell(new GetOrders(Deadline.Soon));
        return [.. ExpectMsg<OrderListReply.Listed>(Patience).Orders.Select(v => v.IdempotencyKey)];
    }
}
