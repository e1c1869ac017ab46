using Akka.TestKit.Xunit2;
using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.Orders;
using WheelStrat.Actors.Replies;
using Xunit.Abstractions;
using static WheelStrat.Actors.Orders.OrdersProtocol;

namespace WheelStrat.Actors.Tests.Replies;

/// <summary>
/// Requests and their closed replies cross nodes (an order entity answers an Api on another node): they survive
/// Akka's default serializer with their case, their Failed and their deadline.
/// </summary>
public sealed class ClosedReplySpecs(ITestOutputHelper output) : TestKit(output: output)
{
    private static readonly NotAfter Deadline = new(DateTimeOffset.Parse("2026-12-02T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void A_request_keeps_its_deadline_across_the_wire()
    {
        var request = new PlaceOrder("k-1", new OrderTicket(ContractSpec.Stock("AAPL"), "BUY", 10, "LMT", 190m, "DAY"), Deadline);

        var back = RoundTrip(request);

        Assert.Equal(Deadline, back.NotAfter);
        Assert.Equal(request.Ticket.Fingerprint, back.Ticket.Fingerprint);
    }

    [Fact]
    public void A_success_case_comes_back_as_the_same_case()
    {
        var back = Assert.IsType<PlaceOrderReply.Placed>(RoundTrip<PlaceOrderReply>(new PlaceOrderReply.Placed(View("k-1"), Existing: true)));

        Assert.True(back.Existing);
        Assert.Equal((41, "Submitted", "2109: outside RTH"), (back.Order.OrderId, back.Order.Status, Assert.Single(back.Order.Notices)));
    }

    [Fact]
    public void A_list_reply_comes_back_whole()
    {
        var back = Assert.IsType<OrderListReply.Listed>(RoundTrip<OrderListReply>(new OrderListReply.Listed(new List<OrderView> { View("k-1"), View("k-2") })));

        Assert.Equal(["k-1", "k-2"], back.Orders.Select(o => o.IdempotencyKey));
    }

    /// <summary>As an order builds its view: its notices are an immutable list.</summary>
    private static OrderView View(string key) =>
        new(key, 41, "Submitted", "AAPL", "STK", null, null, null, "BUY", 10, "LMT", 190m, "DAY", 0, 10, 0, 265598, "AAPL",
            null, null, System.Collections.Immutable.ImmutableList.Create("2109: outside RTH"), false, Deadline.At, Deadline.At, false, null, null);

    [Fact]
    public void A_failure_case_keeps_its_Failed_and_what_it_says()
    {
        var rejected = new Rejected("IB refused it", IbCode: 201);

        var back = Assert.IsType<CancelOrderReply.Failure>(RoundTrip(CancelOrderReply.Failing(rejected)));

        Assert.Equal(rejected, Assert.IsType<Rejected>(back.Reason));
        Assert.Equal(422, back.Match(_ => 202, _ => 409, f => f.Reason is NotFound ? 404 : 422));
    }

    private T RoundTrip<T>(T message)
        where T : notnull
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        return (T)serializer.FromBinary(serializer.ToBinary(message), message.GetType());
    }
}
