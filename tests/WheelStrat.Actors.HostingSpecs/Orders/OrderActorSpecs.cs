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

        var placed = await ExpectMsgAsync<PlaceOrderReply.Placed>(cancellationToken: Ct);
        Assert.False(placed.Existing);
        Assert.Equal(("Submitted", 41), (placed.Order.Status, placed.Order.OrderId));

        order.Tell(new Place(new PlaceOrder("k-place", Ticket, Deadline.Soon), OrderIdFloor: 40));
        Assert.True((await ExpectMsgAsync<PlaceOrderReply.Placed>(cancellationToken: Ct)).Existing);
        await probes.Gateway.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300), Ct);
        await probes.Index.FishForMessageAsync<OrderChanged>(m => m.View.Status == "Submitted", cancellationToken: Ct);
    }

    [Fact]
    public async Task Without_a_gateway_session_nothing_is_journaled_and_the_key_stays_free()
    {
        var (order, probes) = Start("k-offline");

        order.Tell(new Place(new PlaceOrder("k-offline", Ticket, Deadline.Soon), OrderIdFloor: 1));
        Assert.Contains("not connected", Assert.IsType<Unavailable>((await ExpectMsgAsync<PlaceOrderReply.Failure>(cancellationToken: Ct)).Reason).Message, StringComparison.Ordinal);
        await probes.Gateway.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300), Ct);

        order.Tell(new GetOrder("k-offline", Deadline.Soon));
        Assert.IsType<NotFound>((await ExpectMsgAsync<GetOrderReply.Failure>(cancellationToken: Ct)).Reason);
    }

    [Fact]
    public async Task A_live_order_answers_a_wake_up_with_its_view_and_a_free_key_stays_silent()
    {
        var (order, probes) = Start("k-wake");
        _health.Publish(GatewayHealth.Initial with { Connected = true });
        await PlaceAsync(order, probes, "k-wake", floor: 1, orderId: 31);
        await ExpectMsgAsync<PlaceOrderReply.Placed>(cancellationToken: Ct);
        await probes.Index.FishForMessageAsync<OrderChanged>(m => m.View.Status == "Submitted", cancellationToken: Ct);
        await probes.Index.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300), Ct);

        // The index (or its list) restarted and lost the view: the order shows it again.
        order.Tell(new WakeUp(OrderIdFloor: 32));
        var shown = await probes.Index.ExpectMsgAsync<OrderChanged>(cancellationToken: Ct);
        Assert.Equal(("k-wake", "Submitted", 31), (shown.View.IdempotencyKey, shown.View.Status, shown.View.OrderId));

        var (free, freeProbes) = Start("k-never-placed");
        free.Tell(new WakeUp(OrderIdFloor: 32));
        await freeProbes.Index.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300), Ct);
    }

    [Fact]
    public async Task A_new_incarnation_recovers_the_order_from_its_journal_and_claims_its_id_at_the_gateway()
    {
        var (order, probes) = Start("k-recover");
        _health.Publish(GatewayHealth.Initial with { Connected = true });
        await PlaceAsync(order, probes, "k-recover", floor: 1, orderId: 7);
        await ExpectMsgAsync<PlaceOrderReply.Placed>(cancellationToken: Ct);

        await WatchAsync(order);
        order.Tell(PoisonPill.Instance);
        await ExpectTerminatedAsync(order, cancellationToken: Ct);

        var (again, next) = Start("k-recover");
        Assert.Equal(7, (await next.Gateway.ExpectMsgAsync<ClaimOrder>(cancellationToken: Ct)).OrderId);
        again.Tell(new GetOrder("k-recover", Deadline.Soon));
        var view = (await ExpectMsgAsync<GetOrderReply.Found>(cancellationToken: Ct)).Order;
        Assert.Equal(("Submitted", 7, true), (view.Status, view.OrderId, view.Uncertain));
    }

    [Fact]
    public async Task Placed_then_working_then_filled_is_final_and_a_cancel_is_answered_without_IB()
    {
        var (order, probes) = Start("k-fill");
        _health.Publish(GatewayHealth.Initial with { Connected = true });
        await PlaceAsync(order, probes, "k-fill", floor: 1, orderId: 11);
        Assert.Equal("Submitted", (await ExpectMsgAsync<PlaceOrderReply.Placed>(cancellationToken: Ct)).Order.Status);

        order.Tell(new OrderStatus(11, "Submitted", 4, 6, 189.95, 9011, 0, 189.95, 7, "", 0), probes.Gateway);
        await probes.Index.FishForMessageAsync<OrderChanged>(m => m.View.Status == "PartiallyFilled", cancellationToken: Ct);
        order.Tell(new OrderStatus(11, "Filled", 10, 0, 189.97, 9011, 0, 189.98, 7, "", 0), probes.Gateway);
        var filled = await probes.Index.FishForMessageAsync<OrderChanged>(m => m.View.Status == "Filled", cancellationToken: Ct);
        Assert.True(filled.View.Final);
        Assert.Equal(10m, filled.View.Filled);

        order.Tell(new CancelOrder("k-fill", Deadline.Soon));
        Assert.Equal("Filled", (await ExpectMsgAsync<CancelOrderReply.AlreadyFinal>(cancellationToken: Ct)).Order.Status);
        await probes.Gateway.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300), Ct);
    }

    [Fact]
    public async Task Refused_by_IB_the_caller_gets_IBs_reason_and_the_order_is_final()
    {
        var (order, probes) = Start("k-refused");
        _health.Publish(GatewayHealth.Initial with { Connected = true });
        await QualifyAndSendAsync(order, probes, "k-refused", floor: 1);
        probes.Gateway.Reply(new OrderIdAllocated(21));

        // IB says Inactive just before the error that says why: the caller waits for the reason.
        order.Tell(new OrderStatus(21, "Inactive", 0, 10, 0, 9021, 0, 0, 7, "", 0), probes.Gateway);
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300), Ct);
        order.Tell(new ErrMsg(21, 201, "Order rejected - reason: insufficient margin"), probes.Gateway);

        var placed = await ExpectMsgAsync<PlaceOrderReply.Placed>(cancellationToken: Ct);
        Assert.Equal(("Rejected", 201, true), (placed.Order.Status, placed.Order.ErrorCode, placed.Order.Final));
        Assert.Contains("insufficient margin", placed.Order.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Not_sent_by_the_gateway_the_acceptance_is_withdrawn_and_the_key_is_free_again()
    {
        var (order, probes) = Start("k-unsent");
        _health.Publish(GatewayHealth.Initial with { Connected = true });
        await QualifyAndSendAsync(order, probes, "k-unsent", floor: 1);
        probes.Gateway.Reply(new GatewayUnavailable("the session dropped"));

        Assert.Contains("the session dropped", Assert.IsType<Unavailable>((await ExpectMsgAsync<PlaceOrderReply.Failure>(cancellationToken: Ct)).Reason).Message, StringComparison.Ordinal);
        await probes.Index.FishForMessageAsync<OrderWithdrawn>(m => m.Key == "k-unsent", cancellationToken: Ct);
        order.Tell(new GetOrder("k-unsent", Deadline.Soon));
        Assert.IsType<NotFound>((await ExpectMsgAsync<GetOrderReply.Failure>(cancellationToken: Ct)).Reason);

        // The same key is checked afresh and placed.
        await PlaceAsync(order, probes, "k-unsent", floor: 1, orderId: 31);
        Assert.Equal(31, (await ExpectMsgAsync<PlaceOrderReply.Placed>(cancellationToken: Ct)).Order.OrderId);
    }

    [Fact]
    public async Task An_order_with_no_word_from_IB_before_a_restart_is_looked_up_and_placed_once_if_IB_never_had_it()
    {
        var (order, probes) = Start("k-lost");
        _health.Publish(GatewayHealth.Initial with { Connected = true });
        await QualifyAndSendAsync(order, probes, "k-lost", floor: 1);
        probes.Gateway.Reply(new OrderIdAllocated(41));
        await probes.Index.FishForMessageAsync<OrderChanged>(m => m.View.Status == "PendingSubmit", cancellationToken: Ct);
        await WatchAsync(order);
        order.Tell(PoisonPill.Instance);
        await ExpectTerminatedAsync(order, cancellationToken: Ct);

        var (again, next) = Start("k-lost");
        Assert.Equal(["k-lost"], (await next.Index.FishForMessageAsync<Reconcile>(_ => true, cancellationToken: Ct)).Keys);
        await next.Gateway.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300), Ct);

        again.Tell(ReconcileFinding.NotAtIb);
        var resent = await next.Gateway.ExpectMsgAsync<PlaceNewOrder>(cancellationToken: Ct);
        Assert.Equal(("k-lost", 42), (resent.Order.OrderRef, resent.Minimum));

        // A lookup of the first batch arriving while the placeOrder is with the gateway proves nothing.
        again.Tell(ReconcileFinding.NotAtIb);
        await next.Gateway.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300), Ct);
        again.Tell(new OrderIdAllocated(42), next.Gateway);
        again.Tell(new OrderStatus(42, "Submitted", 0, 10, 0, 9042, 0, 0, 7, "", 0), next.Gateway);
        var view = (await next.Index.FishForMessageAsync<OrderChanged>(m => m.View.Status == "Submitted", cancellationToken: Ct)).View;
        Assert.Equal((42, false), (view.OrderId, view.Uncertain));
        Assert.Contains(view.Notices, n => n.Contains("not found at IB; placing it now", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_uncertain_order_found_working_at_IB_takes_IBs_status_and_claims_its_id()
    {
        var (order, probes) = Start("k-found");
        _health.Publish(GatewayHealth.Initial with { Connected = true });
        await QualifyAndSendAsync(order, probes, "k-found", floor: 1);
        probes.Gateway.Reply(new OrderIdAllocated(51));
        await probes.Index.FishForMessageAsync<OrderChanged>(m => m.View.Status == "PendingSubmit", cancellationToken: Ct);
        await WatchAsync(order);
        order.Tell(PoisonPill.Instance);
        await ExpectTerminatedAsync(order, cancellationToken: Ct);

        var (again, next) = Start("k-found");
        await next.Index.FishForMessageAsync<Reconcile>(_ => true, cancellationToken: Ct);
        again.Tell(new ReconcileFinding(IbOrderPlace.Working, 51, 9051, OrderStatusCode.PreSubmitted, 0, 0, 0, ""));

        Assert.Equal(51, (await next.Gateway.ExpectMsgAsync<ClaimOrder>(cancellationToken: Ct)).OrderId);
        await next.Index.FishForMessageAsync<RefreshOpenOrders>(_ => true, cancellationToken: Ct);
        again.Tell(new GetOrder("k-found", Deadline.Soon));
        var view = (await ExpectMsgAsync<GetOrderReply.Found>(cancellationToken: Ct)).Order;
        Assert.Equal(("PreSubmitted", false), (view.Status, view.Uncertain));
        Assert.Contains(view.Notices, n => n.StartsWith("reconciled: found at IB", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_place_past_its_deadline_is_TimedOut_and_nothing_is_checked_journaled_or_sent()
    {
        var (order, probes) = Start("k-late");
        _health.Publish(GatewayHealth.Initial with { Connected = true });

        order.Tell(new Place(new PlaceOrder("k-late", Ticket, Deadline.Passed), OrderIdFloor: 1));

        Assert.Contains("deadline", Assert.IsType<TimedOut>((await ExpectMsgAsync<PlaceOrderReply.Failure>(cancellationToken: Ct)).Reason).Message, StringComparison.Ordinal);
        await probes.MarketData.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300), Ct);
        await probes.Contracts.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100), Ct);
        await probes.Gateway.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100), Ct);
        order.Tell(new GetOrder("k-late", Deadline.Soon));
        Assert.IsType<NotFound>((await ExpectMsgAsync<GetOrderReply.Failure>(cancellationToken: Ct)).Reason);
    }

    [Fact]
    public async Task A_deadline_that_passes_while_the_order_is_checked_places_nothing_and_frees_the_key()
    {
        var (order, probes) = Start("k-slow");
        _health.Publish(GatewayHealth.Initial with { Connected = true });
        var deadline = NotAfter.In(TimeSpan.FromMilliseconds(700), DateTimeOffset.UtcNow);

        order.Tell(new Place(new PlaceOrder("k-slow", Ticket, deadline), OrderIdFloor: 1));
        // The quote is asked with the order's deadline; the contract lookup answers only after it has passed.
        Assert.Equal(deadline, (await probes.MarketData.ExpectMsgAsync<MarketDataProtocol.GetQuote>(cancellationToken: Ct)).NotAfter);
        probes.MarketData.Reply(new MarketDataProtocol.QuoteReply.Quoted(new QuoteSnapshot { Key = "AAPL", Bid = 189.9, Ask = 190.1 }));
        await probes.Contracts.ExpectMsgAsync<ContractsProtocol.Qualify>(cancellationToken: Ct);
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(900), Ct);
        probes.Contracts.Reply(new ContractsProtocol.Qualified(Ticket.Spec, new ContractDetails { Contract = Contract.Stock("AAPL"), MinTick = 0.01 }));

        Assert.IsType<TimedOut>((await ExpectMsgAsync<PlaceOrderReply.Failure>(cancellationToken: Ct)).Reason);
        await probes.Gateway.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300), Ct);
        order.Tell(new GetOrder("k-slow", Deadline.Soon));
        Assert.IsType<NotFound>((await ExpectMsgAsync<GetOrderReply.Failure>(cancellationToken: Ct)).Reason);
    }

    [Fact]
    public async Task The_first_placeOrder_leaves_by_the_callers_deadline_or_not_at_all()
    {
        var (order, probes) = Start("k-by");
        _health.Publish(GatewayHealth.Initial with { Connected = true });
        var deadline = NotAfter.In(TimeSpan.FromSeconds(3), DateTimeOffset.UtcNow);

        order.Tell(new Place(new PlaceOrder("k-by", Ticket, deadline), OrderIdFloor: 1));
        await probes.MarketData.ExpectMsgAsync<MarketDataProtocol.GetQuote>(cancellationToken: Ct);
        probes.MarketData.Reply(new MarketDataProtocol.QuoteReply.Quoted(new QuoteSnapshot { Key = "AAPL", Bid = 189.9, Ask = 190.1 }));
        await probes.Contracts.ExpectMsgAsync<ContractsProtocol.Qualify>(cancellationToken: Ct);
        probes.Contracts.Reply(new ContractsProtocol.Qualified(Ticket.Spec, new ContractDetails { Contract = Contract.Stock("AAPL"), MinTick = 0.01 }));

        // SubmitWait (5 s by default) is longer than what the caller has left: the caller's deadline bounds the queue.
        Assert.Equal(deadline.At, (await probes.Gateway.ExpectMsgAsync<PlaceNewOrder>(cancellationToken: Ct)).NotAfter);
    }

    /// <summary>Plays the quote and the contract for a new order; returns once its placeOrder is with the gateway probe.</summary>
    private static async Task<PlaceNewOrder> QualifyAndSendAsync(IActorRef order, Probes probes, string key, int floor)
    {
        order.Tell(new Place(new PlaceOrder(key, Ticket, Deadline.Soon), floor));
        await probes.MarketData.ExpectMsgAsync<MarketDataProtocol.GetQuote>(cancellationToken: Ct);
        probes.MarketData.Reply(new MarketDataProtocol.QuoteReply.Quoted(new QuoteSnapshot { Key = "AAPL", Bid = 189.9, Ask = 190.1 }));
        await probes.Contracts.ExpectMsgAsync<ContractsProtocol.Qualify>(cancellationToken: Ct);
        probes.Contracts.Reply(new ContractsProtocol.Qualified(Ticket.Spec, new ContractDetails { Contract = Contract.Stock("AAPL"), MinTick = 0.01 }));
        return await probes.Gateway.ExpectMsgAsync<PlaceNewOrder>(cancellationToken: Ct);
    }

    /// <summary>Plays the quote, the contract and the gateway for a new order until IB says Submitted; returns its placeOrder.</summary>
    private static async Task<PlaceNewOrder> PlaceAsync(IActorRef order, Probes probes, string key, int floor, int orderId)
    {
        var place = await QualifyAndSendAsync(order, probes, key, floor);
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
