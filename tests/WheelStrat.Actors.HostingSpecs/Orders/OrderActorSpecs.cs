using Akka.Actor;
using Akka.Hosting;
using Akka.TestKit;
using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.Gateway;
using WheelStrat.Actors.MarketData;
using WheelStrat.Actors.Orders;
using WheelStrat.Actors.Replies;
using WheelStrat.Actors.Tests.Support;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Replies;

using static WheelStrat.Actors.Gateway.GatewayProtocol;
using static WheelStrat.Actors.Orders.OrdersProtocol;

namespace WheelStrat.Actors.HostingSpecs.Orders;

/// <summary>One order entity against probes for the gateway, contracts, market data and the index, journaled in SQLite.</summary>
public sealed class OrderActorSpecs(ITestOutputHelper output) : Akka.Hosting.TestKit.TestKit(output: output)
{
    private static readonly OrderTicket Ticket = new(ContractSpec.Stock("AAPL"), "BUY", 10, "LMT", 190m, "DAY");
    private readonly string _database = SqliteJournal.NewDatabase();
    private readonly GatewayHealthBoard _health = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // A fresh SQLite journal creates its tables on first use: on a loaded machine that outlasts the default 3 s.
    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) => builder
        .AddHocon(SqliteJournal.Config(_database), HoconAddMode.Prepend)
        .AddHocon("akka.test.single-expect-default = 20s", HoconAddMode.Prepend);

    [Fact]
    public async Task Places_once_after_the_quote_and_contract_and_answers_a_retry_from_the_same_order()
    {
        var (order, probes) = Start("k-place");
        _health.Publish(GatewayHealth.Initial with { Connected = true });

        var place = await PlaceAsync(order, probes, "k-place", floor: 40, orderId: 41);
        Assert.Equal("k-place", place.Order.OrderRef);
        Assert.Equal(40, place.Minimum);

        var placed = await ExpectMsgAsync<OrderPlaced>(cancellationToken: Ct);
        Assert.False(placed.Existing);
        Assert.Equal(("Submitted", 41), (placed.Order.Status, placed.Order.OrderId));

        order.Tell(new Place(new PlaceOrder("k-place", Ticket), OrderIdFloor: 40));
        Assert.True((await ExpectMsgAsync<OrderPlaced>(cancellationToken: Ct)).Existing);
        await probes.Gateway.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300), Ct);
        await probes.Index.FishForMessageAsync<OrderChanged>(m => m.View.Status == "Submitted", cancellationToken: Ct);
    }

    [Fact]
    public async Task Without_a_gateway_session_nothing_is_journaled_and_the_key_stays_free()
    {
        var (order, probes) = Start("k-offline");

        order.Tell(new Place(new PlaceOrder("k-offline", Ticket), OrderIdFloor: 1));
        Assert.Contains("not connected", (await ExpectMsgAsync<Unavailable>(cancellationToken: Ct)).Message, StringComparison.Ordinal);
        await probes.Gateway.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300), Ct);

        order.Tell(new GetOrder("k-offline"));
        await ExpectMsgAsync<NotFound>(cancellationToken: Ct);
    }

    [Fact]
    public async Task A_new_incarnation_recovers_the_order_from_its_journal_and_claims_its_id_at_the_gateway()
    {
        var (order, probes) = Start("k-recover");
        _health.Publish(GatewayHealth.Initial with { Connected = true });
        await PlaceAsync(order, probes, "k-recover", floor: 1, orderId: 7);
        await ExpectMsgAsync<OrderPlaced>(cancellationToken: Ct);

        await WatchAsync(order);
        order.Tell(PoisonPill.Instance);
        await ExpectTerminatedAsync(order, cancellationToken: Ct);

        var (again, next) = Start("k-recover");
        Assert.Equal(7, (await next.Gateway.ExpectMsgAsync<ClaimOrder>(cancellationToken: Ct)).OrderId);
        again.Tell(new GetOrder("k-recover"));
        var view = await ExpectMsgAsync<OrderView>(cancellationToken: Ct);
        Assert.Equal(("Submitted", 7, true), (view.Status, view.OrderId, view.Uncertain));
    }

    /// <summary>Plays the quote, the contract and the gateway for a new order until IB says Submitted; returns its placeOrder.</summary>
    private static async Task<PlaceNewOrder> PlaceAsync(IActorRef order, Probes probes, string key, int floor, int orderId)
    {
        order.Tell(new Place(new PlaceOrder(key, Ticket), floor));
        await probes.MarketData.ExpectMsgAsync<MarketDataProtocol.GetQuote>(cancellationToken: Ct);
        probes.MarketData.Reply(new MarketDataProtocol.QuoteReply(new QuoteSnapshot { Key = "AAPL", Bid = 189.9, Ask = 190.1 }));
        await probes.Contracts.ExpectMsgAsync<ContractsProtocol.Qualify>(cancellationToken: Ct);
        probes.Contracts.Reply(new ContractsProtocol.Qualified(Ticket.Spec, new ContractDetails { Contract = Contract.Stock("AAPL"), MinTick = 0.01 }));
        var place = await probes.Gateway.ExpectMsgAsync<PlaceNewOrder>(cancellationToken: Ct);
        probes.Gateway.Reply(new OrderIdAllocated(orderId));
        order.Tell(new OrderStatus(orderId, "Submitted", 0, 10, 0, 9000 + orderId, 0, 0, 7, "", 0), probes.Gateway);
        return place;
    }

    private (IActorRef Order, Probes Probes) Start(string key)
    {
        var probes = new Probes(CreateTestProbe(), CreateTestProbe(), CreateTestProbe(), CreateTestProbe(), CreateTestProbe());
        var deps = new OrderDependencies(probes.Gateway, probes.Contracts, probes.MarketData, new SafetyOptions(), _health, TimeProvider.System);
        return (Sys.ActorOf(Props.Create(() => new OrderActor(key, deps, probes.Index, probes.Region))), probes);
    }

    private sealed record Probes(TestProbe Gateway, TestProbe Contracts, TestProbe MarketData, TestProbe Index, TestProbe Region);
}
