using Akka.Actor;
using WheelStrat.Actors.Diagnostics;
using WheelStrat.Actors.Replies;
using static WheelStrat.Actors.Orders.OrdersProtocol;

namespace WheelStrat.Actors.Orders;

/// <summary>
/// The read side behind GET /orders: the last view each order reported, kept newest first (ties by key), so a page
/// costs its own length rather than a sort of every order. It answers <see cref="GetOrders"/> and knows nothing
/// else of orders.
/// <para>
/// A child of the <see cref="OrderIndex"/> singleton, which hands it every <see cref="OrderChanged"/> and
/// <see cref="OrderWithdrawn"/> it receives: so it runs once per cluster, on the index's node, moves with it when
/// that node goes, and sees the reports in the order the index saw them.
/// </para>
/// <para>
/// It keeps no journal of its own. The truth is each order's journal ("order-&lt;key&gt;"); rebuilding from those
/// without the entities would need a persistence query (a read journal for SQLite and PostgreSQL, tagged events),
/// and a journal of views would double every order write and could still lag behind a kill -9. The index wakes
/// every known order after it starts anyway (unfinished ones must be looked up at IB), and each woken order reports
/// the view it recovered from its own snapshot and events, so the list is complete once they have recovered. When
/// this actor alone restarts (a failure), it asks the index for the same wake-up: a live order answers a wake-up
/// with its view.
/// </para>
/// </summary>
public sealed class OrderListView : ObservedActor
{
    /// <summary>Newest first; orders created in the same moment by key (ordinal), so pages are stable.</summary>
    private static readonly IComparer<OrderView> NewestFirst = Comparer<OrderView>.Create((x, y) =>
    {
        var byAge = Nullable.Compare(y!.CreatedAt, x!.CreatedAt);
        return byAge != 0 ? byAge : string.CompareOrdinal(x.IdempotencyKey, y.IdempotencyKey);
    });

    private readonly Dictionary<string, OrderView> _views = [];
    private readonly SortedSet<OrderView> _newestFirst = new(NewestFirst);

    public OrderListView()
    {
        Receive<OrderChanged>(m => Show(m.View));
        Receive<OrderWithdrawn>(m => Forget(m.Key));
        Receive<GetOrders>(m =>
        {
            if (!Sender.AnsweredLate(m, DateTimeOffset.UtcNow))
            {
                Sender.Tell(List(m));
            }
        });
    }

    protected override string Kind => "orders-list";

    protected override void PostRestart(Exception reason)
    {
        Context.Parent.Tell(ListEmptied.Instance);
        base.PostRestart(reason);
    }

    private void Show(OrderView view)
    {
        Forget(view.IdempotencyKey);
        _views[view.IdempotencyKey] = view;
        _newestFirst.Add(view);
    }

    private void Forget(string key)
    {
        if (_views.Remove(key, out var shown))
        {
            _newestFirst.Remove(shown);
        }
    }

    private OrderListReply List(GetOrders m)
    {
        IEnumerable<OrderView> orders = _newestFirst;
        if (m.Before is { } before)
        {
            if (!_views.TryGetValue(before, out var anchor))
            {
                return OrderListReply.Failing(new NotFound($"no order '{before}' to list from"));
            }

            orders = _newestFirst.GetViewBetween(anchor, _newestFirst.Max!).Skip(1);
        }

        // A List, not a collection expression: the compiler's read-only wrapper has no constructor Akka's default
        // serializer can use, and this reply crosses nodes when the Api runs on a standby.
        return new OrderListReply.Listed(orders.Where(v => m.Final is not { } final || v.Final == final).Take(m.Limit ?? int.MaxValue).ToList());
    }

    /// <summary>The list restarted empty: the index wakes every order, and each live one reports its view again.</summary>
    internal sealed record ListEmptied { public static readonly ListEmptied Instance = new(); }
}
