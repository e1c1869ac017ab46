using Akka.Actor;
using Akka.TestKit.Xunit2;
using WheelStrat.Actors.Orders;
using WheelStrat.Actors.Replies;
using WheelStrat.Actors.Tests.Support;
using Xunit.Abstractions;
using static WheelStrat.Actors.Orders.OrdersProtocol;

namespace WheelStrat.Actors.Tests.Orders;

/// <summary>The read side behind GET /orders, fed the views orders report, asked as the API asks.</summary>
public sealed class OrderListViewSpecs(ITestOutputHelper output) : TestKit(output: output)
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 14, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Lists_newest_first_and_orders_created_in_the_same_moment_by_key()
    {
        var list = ListOf(View("a", minute: 1), View("tie-2", minute: 2), View("c", minute: 3), View("tie-1", minute: 2), View("tie-10", minute: 2));

        Assert.Equal(["c", "tie-1", "tie-10", "tie-2", "a"], Keys(list, new GetOrders(Deadline.Soon)));
    }

    [Fact]
    public void Keeps_only_final_or_only_working_orders_when_asked_and_stops_at_the_limit()
    {
        var list = ListOf(View("w-1", minute: 1), View("f-2", minute: 2, final: true), View("w-3", minute: 3), View("f-4", minute: 4, final: true));

        Assert.Equal(["w-3", "w-1"], Keys(list, new GetOrders(Deadline.Soon, Final: false)));
        Assert.Equal(["f-4", "f-2"], Keys(list, new GetOrders(Deadline.Soon, Final: true)));
        Assert.Equal(["f-4", "w-3", "f-2"], Keys(list, new GetOrders(Deadline.Soon, Limit: 3)));
        Assert.Equal(["w-3"], Keys(list, new GetOrders(Deadline.Soon, Final: false, Limit: 1)));
    }

    [Fact]
    public void Pages_after_the_named_order_cover_every_order_once_across_ties_and_filters()
    {
        var list = ListOf(
            View("p-a", minute: 5), View("p-b", minute: 5), View("p-c", minute: 5),
            View("p-d", minute: 4, final: true), View("p-e", minute: 3), View("p-f", minute: 1));

        var seen = new List<string>();
        string? before = null;
        for (var page = 0; page < 4; page++)
        {
            var keys = Keys(list, new GetOrders(Deadline.Soon, Final: false, Limit: 2, Before: before));
            seen.AddRange(keys);
            if (keys.Count < 2)
            {
                break;
            }

            before = keys[^1];
        }

        Assert.Equal(["p-a", "p-b", "p-c", "p-e", "p-f"], seen);

        // The anchor need not pass the filter: it only says where the page starts.
        Assert.Equal(["p-e", "p-f"], Keys(list, new GetOrders(Deadline.Soon, Final: false, Before: "p-d")));
        Assert.Empty(Keys(list, new GetOrders(Deadline.Soon, Before: "p-f")));
    }

    [Fact]
    public void A_page_from_an_order_the_list_does_not_hold_is_NotFound()
    {
        var list = ListOf(View("here", minute: 1), View("gone", minute: 2));
        list.Tell(new OrderWithdrawn("gone"));

        foreach (var before in new[] { "never-placed", "gone" })
        {
            list.Tell(new GetOrders(Deadline.Soon, Before: before));
            Assert.Contains(before, Assert.IsType<NotFound>(ExpectMsg<OrderListReply.Failure>().Reason).Message, StringComparison.Ordinal);
        }

        Assert.Equal(["here"], Keys(list, new GetOrders(Deadline.Soon)));
    }

    [Fact]
    public void A_new_view_of_an_order_replaces_the_old_one_where_its_new_creation_time_sorts()
    {
        var list = ListOf(View("moves", minute: 1), View("stays", minute: 2));

        // Withdrawn (never sent) and accepted again later under the same key: newer than "stays" now.
        list.Tell(new OrderChanged(View("moves", minute: 3) with { Status = "Filled", Final = true }));

        var orders = List(list, new GetOrders(Deadline.Soon));
        Assert.Equal(["moves", "stays"], orders.Select(v => v.IdempotencyKey));
        Assert.Equal("Filled", orders[0].Status);
        Assert.Equal(["moves"], Keys(list, new GetOrders(Deadline.Soon, Final: true)));
        Assert.Equal(["stays"], Keys(list, new GetOrders(Deadline.Soon, Before: "moves")));
    }

    [Fact]
    public void A_status_change_keeps_the_order_in_its_place()
    {
        var list = ListOf(View("old", minute: 1), View("mid", minute: 2), View("new", minute: 3));

        list.Tell(new OrderChanged(View("mid", minute: 2) with { Status = "Cancelled", Final = true, UpdatedAt = Start.AddHours(1) }));

        var orders = List(list, new GetOrders(Deadline.Soon));
        Assert.Equal(["new", "mid", "old"], orders.Select(v => v.IdempotencyKey));
        Assert.Equal("Cancelled", orders[1].Status);
    }

    private static OrderView View(string key, int minute, bool final = false) => new(
        key, null, final ? "Filled" : "Submitted", "AAPL", "STK", null, null, null, "BUY", 1, "LMT", 150m, "DAY",
        0, 1, 0, 0, null, null, null, [], final, Start.AddMinutes(minute), Start.AddMinutes(minute), false, null, null);

    private IActorRef ListOf(params OrderView[] views)
    {
        var list = Sys.ActorOf(Props.Create(() => new OrderListView()));
        foreach (var view in views)
        {
            list.Tell(new OrderChanged(view));
        }

        return list;
    }

    private IReadOnlyList<OrderView> List(IActorRef list, GetOrders query)
    {
        list.Tell(query);
        return ExpectMsg<OrderListReply.Listed>().Orders;
    }

    private List<string> Keys(IActorRef list, GetOrders query) => [.. List(list, query).Select(v => v.IdempotencyKey)];
}
