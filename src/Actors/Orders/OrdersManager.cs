using Akka.Actor;
using WheelStrat.Actors.Diagnostics;
using WheelStrat.Actors.Gateway;
using WheelStrat.Actors.Replies;
using static WheelStrat.Actors.Orders.OrdersProtocol;
using WheelStrat.Actors.Spawning;

namespace WheelStrat.Actors.Orders;

/// <summary>What the order actors need from the rest of the system.</summary>
public sealed record OrderDependencies(IActorRef Gateway, IActorRef Contracts, IActorRef MarketData, SafetyOptions Safety, GatewayHealthBoard Health, TimeProvider Time);

/// <summary>
/// /user/orders, on every node: the API's one address for orders. Placing, reading, listing and cancelling go to
/// the <see cref="OrderIndex"/> singleton (which routes to the sharded <see cref="OrderActor"/> entities);
/// a preview is a short-lived <see cref="OrderPreviewJob"/> here, as it journals nothing.
/// </summary>
public sealed class OrdersManager : ObservedActor
{
    private long _previews;

    public OrdersManager(IActorRef index, OrderDependencies deps)
    {
        Receive<PreviewOrder>(m =>
        {
            if (!Sender.AnsweredLate(m, deps.Time.GetUtcNow()))
            {
                // The factory runs when the job starts, where Sender is no longer the caller: capture it now.
                var replyTo = Sender;
                Context.ActorOf(FactoryProps.Of(() =>
                    new OrderPreviewJob(m.Ticket, deps.Gateway, deps.Contracts, deps.MarketData, deps.Safety, replyTo, m.NotAfter, deps.Time)), $"preview-{++_previews}");
            }
        });
        Receive<PlaceOrder>(index.Forward);
        Receive<GetOrder>(index.Forward);
        Receive<GetOrders>(index.Forward);
        Receive<OrdersProtocol.CancelOrder>(index.Forward);
    }

    protected override string Kind => "orders-manager";
}
