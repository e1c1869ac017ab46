using System.Globalization;
using WheelStrat.Simulator.Tests.Support;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Requests;

namespace WheelStrat.Simulator.Tests.Scenario;

/// <summary>
/// reqCompletedOrders as IB answers it: one completedOrder per order that ended (filled, cancelled,
/// rejected), then completedOrdersEnd. Read as raw fields, at the positions of IB's field list
/// (EDecoder.processCompletedOrderMsg at server version 178).
/// </summary>
public sealed class CompletedOrdersSpecs : SimulatorSpecs
{
    // Positions in a completedOrder frame (field 0 is the message id 101; no version, no orderId).
    private const int Symbol = 2;
    private const int TotalQuantity = 13;
    private const int OrderType = 14;
    private const int OrderRef = 22;
    private const int PermId = 23;
    private const int Status = 72;
    private const int FilledQuantity = 82;
    private const int CompletedTime = 89;
    private const int CompletedStatus = 90;

    [Fact]
    public async Task Each_order_that_ended_comes_back_with_its_status_fill_and_permId_then_the_end()
    {
        using var client = await RawClient.ConnectAsync(Gateway.Port, clientId: 5);
        var id = int.Parse((await client.ExpectAsync(9))[2], CultureInfo.InvariantCulture);
        var aapl = Contract.Stock("AAPL");

        client.Send(new PlaceOrder(id, aapl, Order.Market("BUY", 10) with { OrderRef = "filled" }));
        var filledPermId = (await StatusAsync(client, id, "Filled"))[6];

        client.Send(new PlaceOrder(id + 1, aapl, Order.Limit("BUY", 100, 1) with { OrderRef = "cancelled" }));
        await StatusAsync(client, id + 1, "Submitted");
        client.Send(new CancelOrder(id + 1));
        var cancelledPermId = (await StatusAsync(client, id + 1, "Cancelled"))[6];

        client.Send(new PlaceOrder(id + 2, aapl, Order.Limit("BUY", 10, 1) with { OrderRef = "partly" }));
        await StatusAsync(client, id + 2, "Submitted");
        Gateway.PartialFill("partly", 4);
        Gateway.CancelFromTws("partly");
        var partlyPermId = (await StatusAsync(client, id + 2, "Cancelled"))[6];

        var stop = new Order { Action = "BUY", TotalQuantity = 1, OrderType = "STP", AuxPrice = 500, Tif = "DAY", OrderRef = "rejected" };
        client.Send(new PlaceOrder(id + 3, aapl, stop));
        await client.ExpectAsync(4, f => f[2] == Text(id + 3) && f[3] == "201");

        client.Send(new PlaceOrder(id + 4, aapl, Order.Limit("BUY", 1, 1) with { OrderRef = "working" }));
        await StatusAsync(client, id + 4, "Submitted");

        client.Send(new ReqCompletedOrders(ApiOnly: true));
        var completed = new List<string[]>();
        for (var frame = await client.NextFrameAsync(); frame[0] != "102"; frame = await client.NextFrameAsync())
        {
            if (frame[0] == "101")
            {
                completed.Add(frame);
            }
        }

        // In the order they ended; the working order is not among them.
        Assert.Equal(["filled", "cancelled", "partly", "rejected"], completed.Select(f => f[OrderRef]));
        Assert.All(completed, f =>
        {
            Assert.Equal(96, f.Length);
            Assert.Equal("AAPL", f[Symbol]); // the contract follows the id directly: no version, no orderId
            Assert.Matches(@"^\d{8} \d{2}:\d{2}:\d{2} \S+$", f[CompletedTime]);
            Assert.NotEqual("", f[CompletedStatus]);
        });

        var filled = completed[0];
        Assert.Equal(("MKT", "10", "Filled", "10", filledPermId), (filled[OrderType], filled[TotalQuantity], filled[Status], filled[FilledQuantity], filled[PermId]));
        var cancelled = completed[1];
        Assert.Equal(("LMT", "100", "Cancelled", "0", cancelledPermId), (cancelled[OrderType], cancelled[TotalQuantity], cancelled[Status], cancelled[FilledQuantity], cancelled[PermId]));
        var partly = completed[2];
        Assert.Equal(("10", "Cancelled", "4", partlyPermId), (partly[TotalQuantity], partly[Status], partly[FilledQuantity], partly[PermId]));
        var rejected = completed[3];
        Assert.Equal(("STP", "Inactive", "0"), (rejected[OrderType], rejected[Status], rejected[FilledQuantity]));
        Assert.Contains("Unsupported", rejected[CompletedStatus], StringComparison.Ordinal);
        Assert.NotEqual("0", rejected[PermId]);
    }

    /// <summary>orderStatus: 3, orderId, status, filled, remaining, avgFillPrice, permId, ...</summary>
    private static Task<string[]> StatusAsync(RawClient client, int orderId, string status) =>
        client.ExpectAsync(3, f => f[1] == Text(orderId) && f[2] == status);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
