using Akka.Actor;
using Akka.TestKit.Xunit2;
using WheelStrat.Actors.Gateway.Requests;
using WheelStrat.Actors.Replies;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Replies;
using WheelStrat.Tws.Messages.Requests;
using Xunit.Abstractions;
using static WheelStrat.Actors.Gateway.GatewayProtocol;
using static WheelStrat.Actors.Gateway.Requests.IbRequestProtocol;

namespace WheelStrat.Actors.Tests.Gateway;

/// <summary>
/// One IB request as one child actor, with a probe playing the gateway: it answers its parent once, with the
/// replies up to the end marker or a typed failure, and stops (the gateway, which watches it, cancels at IB what IB
/// still holds then: GatewayConnectionActorSpecs). A subscription child forwards every reply until its parent stops it.
/// </summary>
public sealed class IbRequestActorSpecs(ITestOutputHelper output) : TestKit(output: output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);
    private static readonly Contract Aapl = Contract.Stock("AAPL");

    [Fact]
    public void The_replies_up_to_the_end_marker_are_one_result_and_nothing_is_cancelled()
    {
        var gateway = CreateTestProbe();
        var request = new ContractDetailsRequest(Aapl);
        var child = ChildActorOf(IbRequests.Collect<ContractData, ContractDataEnd>(gateway, request, Long));
        Watch(child);

        Assert.Equal(request, gateway.ExpectMsg<SendIbRequest>(Patience).Request);
        gateway.Reply(new RequestSent(7));
        child.Tell(new ContractData(7, new ContractDetails { Contract = Aapl with { ConId = 1 } }));
        child.Tell(new ContractData(7, new ContractDetails { Contract = Aapl with { ConId = 2 } }));
        child.Tell(new ContractDataEnd(7));

        var done = ExpectMsg<RequestCompleted<IReadOnlyList<ContractData>>>(Patience);
        Assert.Equal(request, done.Request);
        Assert.Equal([1, 2], done.Result.Select(d => d.Details.Contract.ConId));
        ExpectTerminated(child, Patience);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        gateway.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void No_end_marker_by_the_deadline_is_one_timed_out_failure_and_the_child_stops()
    {
        var gateway = CreateTestProbe();
        var request = new HistoricalBarsRequest(Aapl, "", "1 D", "1 min", "TRADES", UseRth: true, IncludeExpired: false);
        var child = ChildActorOf(IbRequests.Single<HistoricalData>(gateway, request, TimeSpan.FromMilliseconds(300)));
        Watch(child);

        gateway.ExpectMsg<SendIbRequest>(Patience);
        gateway.Reply(new RequestSent(9));

        var failed = ExpectMsg<RequestFailed>(Patience);
        Assert.Equal(request, failed.Request);
        Assert.Contains("no historicalData within", Assert.IsType<TimedOut>(failed.Failure).Message, StringComparison.Ordinal);
        ExpectTerminated(child, Patience);
        gateway.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_deadline_after_some_replies_hands_over_the_part_as_a_failure()
    {
        var gateway = CreateTestProbe();
        var child = ChildActorOf(IbRequests.Collect<ExecDetails, ExecDetailsEnd>(gateway, new ExecutionsRequest(new ExecutionFilter()), TimeSpan.FromMilliseconds(300)));

        gateway.ExpectMsg<SendIbRequest>(Patience);
        gateway.Reply(new RequestSent(4));
        child.Tell(new ExecDetails(4, Aapl, new Execution { ExecId = "0000e0d5.00000001.01.01" }));

        var cut = ExpectMsg<RequestCutShort<IReadOnlyList<ExecDetails>>>(Patience);
        Assert.IsType<TimedOut>(cut.Failure);
        Assert.Equal("0000e0d5.00000001.01.01", Assert.Single(cut.SoFar).Execution.ExecId);
        gateway.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void A_subscription_forwards_every_reply_and_error_to_its_parent_until_its_parent_stops()
    {
        var gateway = CreateTestProbe();
        var request = new MarketDataRequest(Aapl, "");
        var parent = Sys.ActorOf(Props.Create(() => new Parent(IbRequests.Subscribe(gateway.Ref, request, null), TestActor)));
        var child = ExpectMsg<IActorRef>(Patience);

        Assert.Equal(request, gateway.ExpectMsg<SendIbRequest>(Patience).Request);
        gateway.Reply(new RequestSent(11));
        Assert.Equal(request, ExpectMsg<SubscriptionOpened>(Patience).Request);
        child.Tell(new TickPrice(11, 1, 189.5, 100));
        child.Tell(new ErrMsg(11, 10167, "Displaying delayed market data."));
        child.Tell(new TickPrice(11, 2, 189.6, 100));

        // No end marker and no error ends it: the parent hears everything, in order, and decides.
        Assert.Equal(new TickPrice(11, 1, 189.5, 100), ExpectMsg<TickPrice>(Patience));
        Assert.Equal(10167, ExpectMsg<ErrMsg>(Patience).Code);
        Assert.Equal(2, ExpectMsg<TickPrice>(Patience).TickType);
        Watch(child);
        Sys.Stop(parent);

        ExpectTerminated(child, Patience);
        gateway.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_subscription_outlives_its_session_for_its_parent_to_replace_and_one_never_sent_fails_once()
    {
        var gateway = CreateTestProbe();
        var request = new AccountSummaryRequest("All", "NetLiquidation");
        var child = ChildActorOf(IbRequests.Subscribe(gateway.Ref, request));
        gateway.ExpectMsg<SendIbRequest>(Patience);
        gateway.Reply(new RequestSent(12));
        ExpectMsg<SubscriptionOpened>(Patience);

        // Unlike a one-shot request it does not fail when the session ends: its parent asks again on the next one.
        Sys.EventStream.Publish(new GatewayDisconnected("test"));
        child.Tell(new Identify(1));
        ExpectMsg<ActorIdentity>(Patience);

        var queued = ChildActorOf(IbRequests.Subscribe(gateway.Ref, request));
        Watch(queued);
        gateway.ExpectMsg<SendIbRequest>(Patience);
        gateway.Reply(new RequestNotStarted("not connected to IB Gateway"));
        Assert.IsType<Unavailable>(ExpectMsg<RequestFailed>(Patience).Failure);
        ExpectTerminated(queued, Patience);
    }

    [Fact]
    public void An_IB_error_or_a_request_never_sent_is_one_typed_failure_with_nothing_to_cancel()
    {
        var gateway = CreateTestProbe();
        var child = ChildActorOf(IbRequests.Collect<ContractData, ContractDataEnd>(gateway, new ContractDetailsRequest(Aapl), Long));
        gateway.ExpectMsg<SendIbRequest>(Patience);
        gateway.Reply(new RequestSent(3));
        child.Tell(new ErrMsg(3, 200, "No security definition has been found for the request"));
        Assert.Equal(200, Assert.IsType<NotFound>(ExpectMsg<RequestFailed>(Patience).Failure).IbCode);

        var queued = ChildActorOf(IbRequests.Single<HistoricalData>(gateway, new HistoricalBarsRequest(Aapl, "", "1 D", "1 min", "TRADES", true, false), Long));
        gateway.ExpectMsg<SendIbRequest>(Patience);
        gateway.Reply(new RequestNotStarted("not sent: its deadline passed", DeadlinePassed: true));
        Assert.IsType<TimedOut>(ExpectMsg<RequestFailed>(Patience).Failure);

        Watch(queued);
        ExpectTerminated(queued, Patience);
        gateway.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void The_request_sent_to_the_gateway_survives_the_serializer_that_carries_it_across_nodes()
    {
        var message = new SendIbRequest(
            new HistoricalBarsRequest(Contract.Option("AAPL", "20270115", 150, "C"), "20261201 16:00:00 US/Eastern", "2 D", "1 hour", "MIDPOINT", false, true),
            DateTimeOffset.Parse("2026-12-02T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var serializer = Sys.Serialization.FindSerializerFor(message);

        var back = Assert.IsType<SendIbRequest>(serializer.FromBinary(serializer.ToBinary(message), typeof(SendIbRequest)));

        Assert.Equal(message.NotAfter, back.NotAfter);
        Assert.Equal(message.Request.Build(5), back.Request.Build(5));
    }

    /// <summary>A requester that keeps its request child until it is stopped itself.</summary>
    private sealed class Parent : ReceiveActor
    {
        public Parent(Props request, IActorRef observer)
        {
            observer.Tell(Context.ActorOf(request));
            ReceiveAny(m => observer.Forward(m));
        }
    }
}
