using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Microsoft.Extensions.Options;
using WheelStrat.Actors.Gateway;
using WheelStrat.Actors.Tests.Support;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Replies;
using WheelStrat.Tws.Messages.Requests;
using Xunit.Abstractions;
using WheelStrat.Actors.Gateway.Requests;
using static WheelStrat.Actors.Gateway.GatewayProtocol;

namespace WheelStrat.Actors.Tests.Gateway;

public sealed class GatewayConnectionActorSpecs(ITestOutputHelper output) : TestKit(output: output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly FakeConnector _connector = new();
    private readonly GatewayHealthBoard _board = new();

    private GatewayOptions Options { get; } = new()
    {
        ClientIds = [11, 12, 13],
        BackoffMin = TimeSpan.FromMilliseconds(50),
        BackoffMax = TimeSpan.FromMilliseconds(400),
        BackoffJitter = 0,
        StableAfter = TimeSpan.FromMilliseconds(300),
        HeartbeatInterval = TimeSpan.FromSeconds(30),
        StartupStepTimeout = TimeSpan.FromSeconds(30),
        AwaitingLoginAfter = TimeSpan.FromMinutes(10),
    };

    [Fact]
    public void Backoff_grows_while_connects_fail_and_resets_after_a_stable_connection()
    {
        var health = SubscribeTo<HealthChanged>();
        _connector.RefuseNext(5);
        StartGateway();

        // Delays after each failed attempt: 50, 100, 200, 400 (cap), 400 ms.
        var delays = ReconnectDelays(health, 5);
        Assert.Equal([50, 100, 200, 400, 400], delays);

        var session = _connector.NextSession();
        Connect(session);
        AwaitCondition(() => _board.Current.Status == GatewayStatus.Ok, Patience);

        // Up longer than StableAfter: the next drop starts again from the minimum.
        Thread.Sleep(Options.StableAfter + TimeSpan.FromMilliseconds(200));
        session.CloseFromServer();
        Assert.Equal([50], ReconnectDelays(health, 1));
    }

    [Fact]
    public void Unanswered_heartbeats_drop_the_socket_and_reconnect()
    {
        Options.HeartbeatInterval = TimeSpan.FromMilliseconds(100);
        Options.HeartbeatMisses = 2;
        StartGateway();
        var first = _connector.NextSession();
        Connect(first);
        first.Expect<ReqCurrentTime>();

        // The gateway stays silent: after 2 missed replies the socket is dropped and a new one opened.
        var second = _connector.NextSession();
        Assert.True(first.IsClosed);
        Assert.NotSame(first, second);
        var h = _board.Current;
        Assert.Contains("heartbeat", h.LastDisconnectReason, StringComparison.Ordinal);
        Assert.True(h.HeartbeatFailures >= 2);
        Assert.NotNull(h.LastHeartbeatError);
    }

    [Fact]
    public void Answered_heartbeats_keep_the_session()
    {
        // Generous: a loaded machine (CI runs test projects in parallel) may delay a reply by a second.
        Options.HeartbeatInterval = TimeSpan.FromSeconds(1);
        Options.HeartbeatMisses = 3;
        StartGateway();
        var session = _connector.NextSession();
        Connect(session);
        for (var i = 0; i < 4; i++)
        {
            session.Expect<ReqCurrentTime>();
            session.Reply(new CurrentTime(1_790_000_000 + i));
        }

        Assert.False(session.IsClosed);
        Assert.Single(_connector.Attempts);
        Assert.NotNull(_board.Current.LastHeartbeatAt);
    }

    [Fact]
    public void Client_id_in_use_rotates_to_the_next_id_of_the_pool()
    {
        StartGateway();
        var first = _connector.NextSession();
        Assert.Equal(11, first.ClientId);
        first.Reply(new ErrMsg(-1, 326, "Unable to connect as the client id is already in use. Retry with a unique client id."));

        var second = _connector.NextSession();
        Assert.Equal(12, second.ClientId);
        Assert.True(first.IsClosed);
        Assert.Contains("326", _board.Current.LastDisconnectReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Connectivity_lost_degrades_and_blocks_new_requests_until_restored()
    {
        var connectivity = SubscribeTo<IbConnectivityChanged>();
        StartGateway();
        var session = _connector.NextSession();
        Connect(session);
        AwaitCondition(() => _board.Current.Status == GatewayStatus.Ok, Patience);

        session.Reply(new ErrMsg(-1, 1100, "Connectivity between IB and Trader Workstation has been lost."));
        connectivity.ExpectMsg(new IbConnectivityChanged(true), Patience);
        Assert.Equal(GatewayStatus.Degraded, _board.Current.Status);
        Assert.True(_board.Current.IbConnectivityLost);

        var gateway = _gateway!;
        gateway.Tell(new SendIbRequest(new ContractDetailsRequest(Contract.Stock("AAPL"))), TestActor);
        Assert.Contains("1100", ExpectMsg<RequestNotStarted>(Patience).Reason, StringComparison.Ordinal);
        Assert.False(session.IsClosed);

        session.Reply(new ErrMsg(-1, 1102, "Connectivity between IB and TWS has been restored - data maintained."));
        connectivity.ExpectMsg(new IbConnectivityChanged(false), Patience);
        AwaitCondition(() => _board.Current.Status == GatewayStatus.Ok, Patience);
    }

    [Fact]
    public void Restored_with_data_lost_asks_every_subscriber_to_resubscribe()
    {
        var resubscribe = SubscribeTo<ResubscribeNeeded>();
        StartGateway();
        var session = _connector.NextSession();
        Connect(session);

        session.Reply(new ErrMsg(-1, 1100, "Connectivity between IB and Trader Workstation has been lost."));
        session.Reply(new ErrMsg(-1, 1101, "Connectivity between IB and TWS has been restored - data lost."));
        resubscribe.ExpectMsg(new ResubscribeNeeded(ResubscribeReason.DataLost), Patience);
        resubscribe.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_reconnect_and_a_market_data_farm_blip_each_ask_for_one_resubscribe()
    {
        var resubscribe = SubscribeTo<ResubscribeNeeded>();
        StartGateway();
        var first = _connector.NextSession();
        Connect(first);
        first.Reply(new ErrMsg(-1, 2104, "Market data farm connection is OK:usfarm"));
        first.Reply(new ErrMsg(-1, 2103, "Market data farm connection is broken:usfarm"));
        first.Reply(new ErrMsg(-1, 2104, "Market data farm connection is OK:usfarm"));
        resubscribe.ExpectMsg(new ResubscribeNeeded(ResubscribeReason.MarketDataFarmRestored), Patience);
        Assert.Equal("ok", _board.Current.Farms["usfarm"].State);

        first.CloseFromServer();
        Connect(_connector.NextSession());
        resubscribe.ExpectMsg(new ResubscribeNeeded(ResubscribeReason.Reconnected), Patience);
        resubscribe.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_half_answering_gateway_leaves_the_bridge_up_and_degraded()
    {
        Options.StartupStepTimeout = TimeSpan.FromMilliseconds(150);
        StartGateway();
        var session = _connector.NextSession();
        session.Reply(new ManagedAccounts("DU1234567"));

        // No nextValidId: after its deadline the bridge says so and asks again, socket kept.
        session.Expect<ReqIds>();
        AwaitCondition(() => _board.Current.DegradedReasons.Any(r => r.Contains("nextValidId", StringComparison.Ordinal)), Patience);
        Assert.Equal(GatewayStatus.Degraded, _board.Current.Status);
        Assert.False(session.IsClosed);

        session.Reply(new NextValidId(100));
        AwaitCondition(() => _board.Current.Status == GatewayStatus.Ok, Patience);
    }

    [Fact]
    public void Long_refusal_means_awaiting_login_with_a_capped_retry_rate_and_recovers_by_itself()
    {
        Options.AwaitingLoginAfter = TimeSpan.FromMilliseconds(300);
        Options.AwaitingLoginRetryInterval = TimeSpan.FromMilliseconds(500);
        _connector.AcceptByDefault = false;
        StartGateway();

        // Between attempts: during one (every 500 ms) the snapshot has no delay, so read it while waiting.
        GatewayHealth? waiting = null;
        AwaitCondition(() => (waiting = _board.Current) is { Status: GatewayStatus.AwaitingLogin, ReconnectDelay: not null }, Patience);
        Assert.Equal(TimeSpan.FromMilliseconds(500), waiting!.ReconnectDelay);
        Assert.Contains(_board.Current.Timeline, e => e.Kind == "awaitingLogin");

        _connector.AcceptByDefault = true;
        Connect(_connector.NextSession());
        AwaitCondition(() => _board.Current.Status == GatewayStatus.Ok, Patience);
    }

    [Fact]
    public void Replies_go_to_the_actor_that_owns_the_request_id()
    {
        StartGateway();
        var session = _connector.NextSession();
        Connect(session);

        _gateway!.Tell(new SendIbRequest(new ContractDetailsRequest(Contract.Stock("AAPL"))), TestActor);
        var started = ExpectMsg<RequestSent>(Patience);
        Assert.Equal(started.ReqId, session.Expect<ReqContractDetails>().ReqId);

        session.Reply(new ContractDataEnd(started.ReqId));
        session.Reply(new ContractDataEnd(started.ReqId + 1)); // nobody's
        ExpectMsg(new ContractDataEnd(started.ReqId), Patience);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Order_ids_start_at_next_valid_id_never_go_below_the_minimum_and_reach_IB_in_order()
    {
        StartGateway();
        var session = _connector.NextSession();
        Connect(session);

        var order = Order.Limit("BUY", 1, 100);
        _gateway!.Tell(new PlaceNewOrder(Contract.Stock("AAPL"), order), TestActor);
        Assert.Equal(new OrderIdAllocated(100), ExpectMsg<OrderIdAllocated>(Patience));
        _gateway.Tell(new PlaceNewOrder(Contract.Stock("AAPL"), order, Minimum: 500), TestActor);
        Assert.Equal(new OrderIdAllocated(500), ExpectMsg<OrderIdAllocated>(Patience));
        _gateway.Tell(new PlaceNewOrder(Contract.Stock("AAPL"), order), TestActor);
        Assert.Equal(new OrderIdAllocated(501), ExpectMsg<OrderIdAllocated>(Patience));
        Assert.Equal([100, 500, 501], new[] { session.Expect<PlaceOrder>(), session.Expect<PlaceOrder>(), session.Expect<PlaceOrder>() }.Select(p => p.OrderId));

        session.Reply(new OrderStatus(501, "Submitted", 0, 1, 0, 1, 0, 0, 11, "", 0));
        ExpectMsg<OrderStatus>(Patience);
    }

    [Fact]
    public void An_owned_orders_status_goes_to_its_owner_alone_but_its_open_order_is_also_published()
    {
        StartGateway();
        var session = _connector.NextSession();
        Connect(session);
        var published = SubscribeTo<OpenOrder>();
        var statuses = SubscribeTo<OrderStatus>();
        _gateway!.Tell(new ClaimOrder(42), TestActor);

        var open = new OpenOrder(42, Contract.Stock("AAPL"), Order.Limit("BUY", 1, 100) with { OrderRef = "k" }, new OrderState { Status = "Submitted" });
        session.Reply(open);
        session.Reply(new OrderStatus(42, "Submitted", 0, 1, 0, 1, 0, 0, 11, "", 0));

        // The owner gets both; the orders manager's lookups see every open order on the EventStream.
        Assert.Equal(42, ExpectMsg<OpenOrder>(Patience).OrderId);
        Assert.Equal(42, ExpectMsg<OrderStatus>(Patience).OrderId);
        Assert.Equal(42, published.ExpectMsg<OpenOrder>(Patience).OrderId);
        statuses.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Competing_session_bursts_count_every_notice_but_make_one_timeline_event()
    {
        StartGateway();
        var session = _connector.NextSession();
        Connect(session);
        for (var i = 0; i < 20; i++)
        {
            session.Reply(new ErrMsg(10_000_000 + i, 10197, "No market data during competing live session"));
        }

        AwaitCondition(() => _board.Current.CompetingSessionNotices == 20, Patience);
        Assert.Single(_board.Current.Timeline, e => e.Kind == "10197");
    }

    [Fact]
    public void A_message_that_did_not_decode_is_counted_on_health_and_the_session_and_its_routing_stay()
    {
        StartGateway();
        var session = _connector.NextSession();
        Connect(session);
        AwaitCondition(() => _board.Current.Status == GatewayStatus.Ok, Patience);
        var connectedSince = _board.Current.ConnectedSince;
        _gateway!.Tell(new SendIbRequest(new ContractDetailsRequest(Contract.Stock("AAPL"))), TestActor);
        var started = ExpectMsg<RequestSent>(Patience);

        session.Reply(new UndecodableMessage(1, "field 4: not a valid double (4 bytes)", 18));
        session.Reply(new UndecodableMessage(null, "field 0: the message ended early", 0));
        session.Reply(new ContractDataEnd(started.ReqId));

        // The owner gets the next reply; the bad ones reach nobody and cost nothing but themselves.
        ExpectMsg(new ContractDataEnd(started.ReqId), Patience);
        AwaitCondition(() => _board.Current.DecodeErrors == 2, Patience);
        var h = _board.Current;
        Assert.Null(h.LastDecodeErrorMessageId);
        Assert.Equal("field 0: the message ended early", h.LastDecodeErrorReason);
        Assert.NotNull(h.LastDecodeErrorAt);
        Assert.Equal(GatewayStatus.Ok, h.Status);
        Assert.Equal(connectedSince, h.ConnectedSince);
        Assert.False(session.IsClosed);
        Assert.Single(_connector.Attempts);
    }

    [Fact]
    public void Many_messages_that_do_not_decode_degrade_the_session_until_a_quiet_window_passes()
    {
        Options.DecodeErrorsDegradeAt = 3;
        Options.DecodeErrorWindow = TimeSpan.FromSeconds(2);
        StartGateway();
        var session = _connector.NextSession();
        Connect(session);
        AwaitCondition(() => _board.Current.Status == GatewayStatus.Ok, Patience);

        session.Reply(new UndecodableMessage(3, "field 3: not a valid decimal (4 bytes)", 40));
        session.Reply(new UndecodableMessage(3, "field 3: not a valid decimal (4 bytes)", 40));
        AwaitCondition(() => _board.Current.DecodeErrors == 2, Patience);
        Assert.Equal(GatewayStatus.Ok, _board.Current.Status);

        session.Reply(new UndecodableMessage(3, "field 3: not a valid decimal (4 bytes)", 40));
        AwaitCondition(() => _board.Current.Status == GatewayStatus.Degraded, Patience);
        Assert.Contains(_board.Current.DegradedReasons, r => r.StartsWith("messages from IB do not decode: 3 within 2s, the last message id 3", StringComparison.Ordinal));

        // Nothing more arrives: a window later the session is ok again, the same session all along.
        AwaitCondition(() => _board.Current.Status == GatewayStatus.Ok, Patience);
        Assert.Empty(_board.Current.DegradedReasons);
        Assert.False(session.IsClosed);
        Assert.Single(_connector.Attempts);
    }

    [Fact]
    public void A_message_id_the_bridge_does_not_model_changes_nothing()
    {
        StartGateway();
        var session = _connector.NextSession();
        Connect(session);
        AwaitCondition(() => _board.Current.Status == GatewayStatus.Ok, Patience);
        var before = _board.Current;

        session.Reply(new UnknownMessage(999, 4));
        session.Reply(new CurrentTime(1_790_000_000));
        AwaitCondition(() => _board.Current.LastHeartbeatAt is not null, Patience);
        Assert.Equal(before with { LastHeartbeatAt = _board.Current.LastHeartbeatAt }, _board.Current);
        Assert.False(session.IsClosed);
    }

    [Fact]
    public void A_used_farm_that_breaks_degrades_health_naming_it_with_a_warning_and_its_restore_clears_it_with_an_info()
    {
        StartGateway();
        var session = _connector.NextSession();
        Connect(session);
        AwaitCondition(() => _board.Current.Status == GatewayStatus.Ok, Patience);

        EventFilter.Warning(contains: "usfarm").ExpectOne(() =>
            session.Reply(new ErrMsg(-1, 2103, "Market data farm connection is broken:usfarm")));
        AwaitCondition(() => _board.Current.Status == GatewayStatus.Degraded, Patience);
        var degraded = _board.Current;
        Assert.Equal("market-data farm usfarm is broken (2103)", Assert.Single(degraded.DegradedReasons));
        Assert.NotNull(degraded.DegradedSince);
        Assert.Equal(new FarmState("usfarm", "marketData", "broken", degraded.Farms["usfarm"].At, 2103, Used: true), degraded.Farms["usfarm"]);

        EventFilter.Info(contains: "usfarm").ExpectOne(() =>
            session.Reply(new ErrMsg(-1, 2104, "Market data farm connection is OK:usfarm")));
        AwaitCondition(() => _board.Current.Status == GatewayStatus.Ok, Patience);
        Assert.Null(_board.Current.DegradedSince);
    }

    [Fact]
    public void A_farm_the_bridge_never_uses_is_shown_but_does_not_degrade_health()
    {
        StartGateway();
        var session = _connector.NextSession();
        Connect(session);
        session.Reply(new ErrMsg(-1, 2103, "Market data farm connection is broken:eufarm"));
        session.Reply(new ErrMsg(-1, 2105, "HMDS data farm connection is broken:euhmds"));
        AwaitCondition(() => _board.Current.Farms.Count == 2, Patience);
        Assert.Equal(GatewayStatus.Ok, _board.Current.Status);
        Assert.All(_board.Current.Farms.Values, f => Assert.False(f.Used));
    }

    [Fact]
    public void A_competing_session_degrades_health_until_a_line_ticks_again()
    {
        StartGateway();
        var session = _connector.NextSession();
        Connect(session);
        session.Reply(new ErrMsg(10_000_000, 10197, "No market data during competing live session"));
        AwaitCondition(() => _board.Current.CompetingSession && _board.Current.Status == GatewayStatus.Degraded, Patience);

        session.Reply(new TickPrice(10_000_000, 1, 101.5, 100, 0));
        AwaitCondition(() => !_board.Current.CompetingSession && _board.Current.Status == GatewayStatus.Ok, Patience);
        Assert.Contains(_board.Current.Timeline, e => e.Kind == "10197 ended");
    }

    [Fact]
    public void An_actor_started_after_the_connect_learns_of_the_session_once_and_of_the_next_one()
    {
        StartGateway();
        var first = _connector.NextSession();
        Connect(first);

        var sessions = CreateTestProbe();
        Sys.ActorOf(Props.Create(() => new SessionCounter(_gateway!, sessions)));
        var seen = sessions.ExpectMsg<GatewayConnected>(Patience);
        Assert.Equal(first.ClientId, seen.ClientId);
        sessions.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        first.CloseFromServer();
        Connect(_connector.NextSession());
        Assert.NotEqual(seen.Generation, sessions.ExpectMsg<GatewayConnected>(Patience).Generation);
        sessions.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void A_burst_leaves_at_the_message_rate_with_orders_ahead_of_quotes()
    {
        Options.MaxMessagesPerSecond = 10;
        StartGateway();
        var session = _connector.NextSession();
        Connect(session);
        var owner = CreateTestProbe();
        for (var i = 0; i < 25; i++)
        {
            _gateway!.Tell(new SendIbRequest(new MarketDataRequest(Contract.Stock("AAPL"), "")), owner);
        }

        _gateway!.Tell(new PlaceNewOrder(Contract.Stock("AAPL"), Order.Limit("BUY", 1, 100)), owner);

        // Most quotes wait; the order, offered last, overtakes them and takes the next id when it is sent.
        AwaitCondition(() => _board.Outbound.MarketDataQueued > 10, Patience);
        var sent = Enumerable.Range(0, 26).Select(_ => session.Expect<ITwsRequest>(Patience)).ToList();
        var place = Assert.IsType<PlaceOrder>(sent.Single(r => r is PlaceOrder));
        Assert.InRange(sent.IndexOf(place), 0, 15);
        Assert.Equal(100, place.OrderId);
        owner.FishForMessage(m => m is OrderIdAllocated { OrderId: 100 }, Patience);
        AwaitCondition(() => _board.Outbound.MarketDataQueued == 0, Patience);
        Assert.Equal(0, _board.Outbound.UrgentQueued);
    }

    [Fact]
    public void A_request_whose_deadline_passes_in_the_queue_is_answered_and_never_sent()
    {
        Options.MaxMessagesPerSecond = 1;
        StartGateway();
        var session = _connector.NextSession();
        Connect(session);
        var owner = CreateTestProbe();
        _gateway!.Tell(new SendRequest(new ReqPositions()));
        session.Expect<ReqPositions>();
        var deadline = DateTimeOffset.UtcNow.AddMilliseconds(300);
        _gateway!.Tell(new SendIbRequest(new ContractDetailsRequest(Contract.Stock("AAPL")), deadline), owner);
        _gateway.Tell(new PlaceNewOrder(Contract.Stock("AAPL"), Order.Limit("BUY", 1, 100), NotAfter: deadline), owner);

        var answers = new[] { owner.ExpectMsg<object>(Patience), owner.ExpectMsg<object>(Patience) };
        Assert.Contains(answers, a => a is RequestNotStarted { DeadlinePassed: true });
        Assert.Contains(answers, a => a is GatewayUnavailable u && u.Reason.Contains("deadline", StringComparison.Ordinal));
        Assert.False(session.Sent.TryTake(out var extra, TimeSpan.FromMilliseconds(1500)) && extra is ReqContractDetails or PlaceOrder);
        Assert.Equal(2, _board.Outbound.Expired);

        // The order never left, so it used no id: the next one still gets 100.
        _gateway.Tell(new PlaceNewOrder(Contract.Stock("AAPL"), Order.Limit("BUY", 1, 100)), owner);
        Assert.Equal(100, owner.ExpectMsg<OrderIdAllocated>(Patience).OrderId);
    }

    [Fact]
    public void A_full_queue_answers_at_once_and_a_lost_session_answers_what_waited()
    {
        Options.MaxMessagesPerSecond = 1;
        Options.OutboundQueueCapacity = 2;
        StartGateway();
        var session = _connector.NextSession();
        Connect(session);
        // One owner per request, as request children are: who hears what says which request it was.
        var owners = Enumerable.Range(0, 4).Select(_ => CreateTestProbe()).ToList();
        foreach (var owner in owners)
        {
            _gateway!.Tell(new SendIbRequest(new ContractDetailsRequest(Contract.Stock("AAPL"))), owner);
        }

        // One sent, two queued, the fourth refused without waiting.
        owners[0].ExpectMsg<RequestSent>(Patience);
        var refused = owners[3].ExpectMsg<RequestNotStarted>(Patience);
        Assert.False(refused.DeadlinePassed);

        session.CloseFromServer();
        owners[1].ExpectMsg<RequestNotStarted>(Patience);
        owners[2].ExpectMsg<RequestNotStarted>(Patience);
        AwaitCondition(() => _board.Outbound.OtherQueued == 0, Patience);
    }

    [Fact]
    public void A_request_whose_owner_stops_while_it_waits_is_never_sent()
    {
        var session = ConnectWithTheRateSpent();
        var owner = CreateTestProbe();
        _gateway!.Tell(new SendIbRequest(new MarketDataRequest(Contract.Stock("AAPL"), "")), owner);
        _gateway.Tell(new SendRequest(new ReqAllOpenOrders()));
        Watch(owner.Ref);
        Sys.Stop(owner.Ref);
        ExpectTerminated(owner.Ref);

        // The next message behind it still goes; the orphan's line is never opened at IB.
        var sent = SentUpTo<ReqAllOpenOrders>(session);

        Assert.DoesNotContain(sent, r => r is ReqMktData);
        Assert.Equal(0, _board.Outbound.MarketDataQueued);
    }

    [Fact]
    public void A_sent_request_whose_owner_stops_before_its_end_is_cancelled_at_IB_and_one_that_ended_is_not()
    {
        StartGateway();
        var session = _connector.NextSession();
        Connect(session);
        var bars = new HistoricalBarsRequest(Contract.Stock("AAPL"), "", "1 D", "1 min", "TRADES", UseRth: true, IncludeExpired: false);
        var (answered, abandoned, uncancellable) = (CreateTestProbe(), CreateTestProbe(), CreateTestProbe());
        _gateway!.Tell(new SendIbRequest(bars), answered);
        var first = answered.ExpectMsg<RequestSent>(Patience).ReqId;
        _gateway.Tell(new SendIbRequest(bars with { Duration = "2 D" }), abandoned);
        var second = abandoned.ExpectMsg<RequestSent>(Patience).ReqId;
        _gateway.Tell(new SendIbRequest(new ExecutionsRequest(new ExecutionFilter())), uncancellable);
        uncancellable.ExpectMsg<RequestSent>(Patience);
        session.Reply(new HistoricalData(first, "", "", []));
        answered.ExpectMsg<HistoricalData>(Patience);

        foreach (var owner in new[] { answered, abandoned, uncancellable })
        {
            Sys.Stop(owner.Ref);
        }

        // Only the request IB still holds, and can cancel, is cancelled.
        Assert.Equal(new CancelHistoricalData(second), session.Expect<CancelHistoricalData>(Patience));
        Assert.False(session.Sent.TryTake(out var extra, TimeSpan.FromMilliseconds(500)) && extra is CancelHistoricalData, $"sent {extra}");
    }

    [Fact]
    public void A_request_abandoned_before_its_owner_heard_its_id_is_cancelled_at_IB()
    {
        StartGateway();
        var session = _connector.NextSession();
        Connect(session);

        // The child asks and is stopped before RequestSent can reach it: the rate has room, so the line goes out.
        var request = new MarketDataRequest(Contract.Stock("AAPL"), "");
        Sys.ActorOf(Props.Create(() => new StopsItsChildAtOnce(IbRequests.Subscribe(_gateway!, request, null))));

        var sent = session.Expect<ReqMktData>(Patience);
        Assert.Equal(new CancelMktData(sent.ReqId), session.Expect<CancelMktData>(Patience));
        // One cancel, and nothing else for it: its id is forgotten, so a late tick reaches nobody.
        session.Reply(new TickPrice(sent.ReqId, 1, 189.5, 100));
        Assert.False(session.Sent.TryTake(out var extra, TimeSpan.FromMilliseconds(300)), $"sent {extra}");
    }

    [Fact]
    public void A_request_abandoned_while_it_waits_for_the_rate_is_never_sent()
    {
        var session = ConnectWithTheRateSpent();

        var request = new HistoricalBarsRequest(Contract.Stock("AAPL"), "", "1 D", "1 min", "TRADES", UseRth: true, IncludeExpired: false);
        Sys.ActorOf(Props.Create(() => new StopsItsChildAtOnce(IbRequests.Single<HistoricalData>(_gateway!, request, Patience, null))));
        _gateway.Tell(new SendRequest(new ReqAllOpenOrders()));

        // The message queued behind it still goes; the abandoned request never reaches IB, so needs no cancel.
        var sent = SentUpTo<ReqAllOpenOrders>(session);

        Assert.DoesNotContain(sent, r => r is ReqHistoricalData or CancelHistoricalData);
        Assert.False(session.Sent.TryTake(out var extra, TimeSpan.FromMilliseconds(1500)) && extra is ReqHistoricalData, "sent later");
        Assert.Equal(0, _board.Outbound.OtherQueued);
    }

    private IActorRef? _gateway;

    private void StartGateway() =>
        _gateway = Sys.ActorOf(Props.Create(() => new GatewayConnectionActor(
            Microsoft.Extensions.Options.Options.Create(Options), _connector, _board, TimeProvider.System)));

    /// <summary>The gateway's startup burst; returns once the actor reports the session up.</summary>
    private void Connect(FakeConnection session)
    {
        session.Reply(new ManagedAccounts("DU1234567"));
        session.Reply(new NextValidId(100));
        AwaitCondition(() => _board.Current.Connected && _board.Current.ClientId == session.ClientId, Patience);
    }

    private TestProbe SubscribeTo<T>()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe, typeof(T));
        return probe;
    }

    /// <summary>A session at one message a second that has just sent one: what is offered next waits about a second.</summary>
    private FakeConnection ConnectWithTheRateSpent()
    {
        Options.MaxMessagesPerSecond = 1;
        StartGateway();
        var session = _connector.NextSession();
        Connect(session);
        _gateway!.Tell(new SendRequest(new ReqPositions()));
        session.Expect<ReqPositions>();
        return session;
    }

    /// <summary>What the session sent, up to and including the first <typeparamref name="T"/>.</summary>
    private static List<ITwsRequest> SentUpTo<T>(FakeConnection session)
    {
        var sent = new List<ITwsRequest>();
        do
        {
            sent.Add(session.Expect<ITwsRequest>(Patience));
        }
        while (sent[^1] is not T);

        return sent;
    }

    private static int[] ReconnectDelays(TestProbe health, int count)
    {
        var delays = new List<int>();
        while (delays.Count < count)
        {
            var h = health.ExpectMsg<HealthChanged>(Patience).Health;
            if (h.ReconnectDelay is { } d && h.Status == GatewayStatus.Disconnected)
            {
                delays.Add((int)d.TotalMilliseconds);
            }
        }

        return [.. delays];
    }
}

/// <summary>Reports each session it acts on, as the account, orders and executions actors do.</summary>
internal sealed class SessionCounter : ReceiveActor
{
    private readonly IActorRef _gateway;
    private SessionWatch _session = null!;

    public SessionCounter(IActorRef gateway, IActorRef report)
    {
        _gateway = gateway;
        Receive<GatewayConnected>(m =>
        {
            if (_session.IsNew(m))
            {
                report.Tell(m);
            }
        });
    }

    protected override void PreStart() => _session = SessionWatch.Start(Context, _gateway);
}

/// <summary>Starts a request child and stops it in the same message: it asks the gateway, then abandons, before any answer.</summary>
internal sealed class StopsItsChildAtOnce : ReceiveActor
{
    public StopsItsChildAtOnce(Props child) => Context.Stop(Context.ActorOf(child));
}
