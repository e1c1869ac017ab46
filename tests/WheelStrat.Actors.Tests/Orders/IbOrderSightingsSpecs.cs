using WheelStrat.Actors.Orders;
using WheelStrat.Tws.Messages;
using OrderState = WheelStrat.Tws.Messages.OrderState;
using WheelStrat.Tws.Messages.Replies;
using static WheelStrat.Actors.Orders.OrdersProtocol;

namespace WheelStrat.Actors.Tests.Orders;

/// <summary>Where a reconciliation finds an order at IB, and how much of it IB says it filled.</summary>
public sealed class IbOrderSightingsSpecs
{
    private static readonly Contract Aapl = Contract.Stock("AAPL") with { ConId = 265598 };

    [Fact]
    public void A_working_order_is_followed_and_carries_only_the_quantity_IB_filled()
    {
        var seen = new IbOrderSightings();
        seen.Add(new OpenOrder(17, Aapl, Order.Limit("BUY", 10, 150) with { OrderRef = "k", PermId = 900 }, new OrderState { Status = "Submitted" }));
        seen.Add(Fill("k", orderId: 17, permId: 900, execId: "e1.01", shares: 4, cumQty: 4, price: 150));

        var found = seen.Find("k");

        Assert.Equal(new ReconcileFinding(IbOrderPlace.Working, 17, 900, OrderStatusCode.Submitted, 4, 150, 150, ""), found);
    }

    [Fact]
    public void A_completed_order_gives_IBs_status_and_filled_quantity_and_an_execution_gives_its_order_id()
    {
        var seen = new IbOrderSightings();
        seen.Add(Completed("k", permId: 900, status: "Cancelled", total: 10, filled: 4));
        seen.Add(Fill("k", orderId: 17, permId: 900, execId: "e1.01", shares: 4, cumQty: 4, price: 150));

        var found = seen.Find("k");

        Assert.Equal((IbOrderPlace.Completed, 17, 900L, OrderStatusCode.Cancelled, 4m, 150.0), (found.Where, found.OrderId, found.PermId, found.Status, found.Filled, found.AvgFillPrice));
        Assert.Contains("Cancelled by Trader", found.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_completed_order_without_executions_has_no_order_id_and_filled_means_the_whole_order()
    {
        var seen = new IbOrderSightings();
        seen.Add(Completed("cancelled", permId: 901, status: "Cancelled", total: 10, filled: null));
        seen.Add(Completed("filled", permId: 902, status: "Filled", total: 10, filled: null));

        Assert.Equal((IbOrderPlace.Completed, (int?)null, 0m), (seen.Find("cancelled").Where, seen.Find("cancelled").OrderId, seen.Find("cancelled").Filled));
        Assert.Equal(10m, seen.Find("filled").Filled);
    }

    [Fact]
    public void Executions_alone_count_once_per_execution_even_when_IB_corrected_one()
    {
        var seen = new IbOrderSightings();
        seen.Add(Fill("k", orderId: 17, permId: 900, execId: "e1.01", shares: 3, cumQty: null, price: 150));
        seen.Add(Fill("k", orderId: 17, permId: 900, execId: "e1.02", shares: 3, cumQty: null, price: 149)); // correction of e1.01
        seen.Add(Fill("k", orderId: 17, permId: 900, execId: "e2.01", shares: 1, cumQty: null, price: 145));

        var found = seen.Find("k");

        Assert.Equal((IbOrderPlace.ExecutedOnly, 17, 4m), (found.Where, found.OrderId, found.Filled));
        Assert.Equal(((3 * 149) + 145) / 4.0, found.AvgFillPrice, 6);
    }

    [Fact]
    public void Cumulative_quantity_counts_fills_the_execution_list_no_longer_shows()
    {
        var seen = new IbOrderSightings();
        seen.Add(Fill("k", orderId: 17, permId: 900, execId: "e2.01", shares: 2, cumQty: 6, price: 151, avgPrice: 150.5));

        var found = seen.Find("k");

        Assert.Equal((6m, 150.5, 151.0), (found.Filled, found.AvgFillPrice, found.LastFillPrice));
    }

    [Fact]
    public void Another_orderRef_is_not_this_order()
    {
        var seen = new IbOrderSightings();
        seen.Add(Completed("other", permId: 901, status: "Filled", total: 2, filled: 2));
        seen.Add(Fill("other", orderId: 3, permId: 901, execId: "e9.01", shares: 2, cumQty: 2, price: 10));

        Assert.Equal(ReconcileFinding.NotAtIb, seen.Find("k"));
    }

    private static ExecDetails Fill(string orderRef, int orderId, long permId, string execId, decimal shares, decimal? cumQty, double price, double? avgPrice = null) =>
        new(-1, Aapl, new Execution
        {
            OrderId = orderId, ExecId = execId, Time = "20261128 10:15:02 US/Eastern", Side = "BOT", Shares = shares, Price = price,
            PermId = permId, CumQty = cumQty, AvgPrice = avgPrice ?? (cumQty is null ? 0 : price), OrderRef = orderRef,
        });

    private static CompletedOrder Completed(string orderRef, long permId, string status, decimal total, decimal? filled) =>
        new(Aapl, Order.Limit("BUY", total, 150) with { OrderRef = orderRef, PermId = permId, FilledQuantity = filled },
            new OrderState { Status = status, CompletedTime = "20261128 10:20:00 US/Eastern", CompletedStatus = status == "Cancelled" ? "Cancelled by Trader" : status });
}
