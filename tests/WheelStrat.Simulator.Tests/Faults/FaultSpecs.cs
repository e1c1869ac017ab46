using System.Net.Sockets;
using WheelStrat.Simulator.Control;
using WheelStrat.Simulator.Faults;
using WheelStrat.Simulator.Server;
using WheelStrat.Simulator.Tests.Support;
using WheelStrat.Tws.Codec;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Replies;
using WheelStrat.Tws.Messages.Requests;
using WheelStrat.Tws.Wire;

namespace WheelStrat.Simulator.Tests.Faults;

/// <summary>Each fault kind, observed by a client as IB would show it.</summary>
public sealed class FaultSpecs : SimulatorSpecs
{
    [Fact]
    public async Task Drop_ends_the_session()
    {
        await using var client = await Connected();
        Gateway.DropConnections();
        await client.Connection.Completion.WaitAsync(SimClient.Patience);
        Assert.False(client.Connection.TrySend(new ReqCurrentTime()));
    }

    [Fact]
    public async Task Refusing_fails_the_connect_and_a_daily_restart_accepts_again()
    {
        await using var before = await Connected();
        Gateway.DailyRestart(TimeSpan.FromSeconds(1));
        await before.Connection.Completion.WaitAsync(SimClient.Patience);
        // The refusing side closes at once: a clean close is our protocol error (no handshake reply), and a
        // close with our handshake still unread is a TCP reset. Either way the connect fails, which is the point.
        var refused = await Record.ExceptionAsync(() => SimClient.ConnectAsync(Gateway.Port));
        Assert.True(refused is TwsProtocolException or IOException, $"expected the connect to fail, got {refused?.GetType().Name ?? "a connection"}");

        await Task.Delay(TimeSpan.FromSeconds(1.2));
        await using var after = await Connected();
        Assert.Equal(178, after.Connection.ServerVersion);
    }

    [Fact]
    public async Task A_stalledGateway_answers_nothing_not_even_the_handshake()
    {
        await using var client = await Connected();
        Gateway.Faults.Stalled = true;
        client.Send(new ReqCurrentTime());
        Assert.True(await client.StaysQuietAsync(TimeSpan.FromMilliseconds(700)));

        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Tws.Connection.TwsClientConnection.ConnectAsync(new Tws.Connection.TwsConnectOptions("127.0.0.1", Gateway.Port, 2), _ => { }, deadline.Token));

        Gateway.Faults.Stalled = false;
        client.Send(new ReqCurrentTime());
        await client.ExpectAsync<CurrentTime>();
    }

    [Fact]
    public async Task Connectivity_codes_arrive_as_system_messages()
    {
        await using var client = await Connected();
        Gateway.SendConnectivityLost();
        Gateway.SendRestoredDataLost();
        Gateway.SendRestoredDataMaintained();
        foreach (var code in new[] { 1100, 1101, 1102 })
        {
            await client.ExpectAsync<ErrMsg>(e => e.Id == -1 && e.Code == code);
        }
    }

    [Fact]
    public async Task Farm_blip_and_competing_session()
    {
        await using var client = await Connected();
        client.Send(new ReqMktData(11, Contract.Stock("SPY"), ""));
        await client.ExpectAsync<TickPrice>(t => t.ReqId == 11);
        Gateway.StartCompetingSession();
        await client.ExpectAsync<ErrMsg>(e => e.Id == 11 && e.Code == 10197);
        Gateway.MarketDataFarmBlip();
        await client.ExpectAsync<ErrMsg>(e => e.Code == 2103);
        await client.ExpectAsync<ErrMsg>(e => e.Code == 2104);
        // As at IB after a blip, the line stays silent until requested again.
        Assert.True(await client.StaysQuietAsync(TimeSpan.FromMilliseconds(400)));
    }

    [Fact]
    public async Task A_market_data_farm_held_down_freezes_its_lines_until_it_returns_and_they_are_requested_again()
    {
        await using var client = await Connected();
        client.Send(new ReqMktData(11, Contract.Stock("SPY"), ""));
        await client.ExpectAsync<TickPrice>(t => t.ReqId == 11);
        Gateway.HoldFarmDown(DataFarm.UsFarm);
        await client.ExpectAsync<ErrMsg>(e => e.Code == 2103 && e.Message.EndsWith(":usfarm", StringComparison.Ordinal));
        Assert.True(await client.StaysQuietAsync(TimeSpan.FromMilliseconds(400)));

        // A session that connects meanwhile hears the outage, not "OK".
        await using var late = await SimClient.ConnectAsync(Gateway.Port, clientId: 2);
        await late.ExpectAsync<ErrMsg>(e => e.Code == 2103);

        Gateway.RestoreFarm(DataFarm.UsFarm);
        await client.ExpectAsync<ErrMsg>(e => e.Code == 2104);
        client.Send(new ReqMktData(12, Contract.Stock("SPY"), ""));
        await client.ExpectAsync<TickPrice>(t => t.ReqId == 12);
    }

    [Fact]
    public async Task The_HMDS_farm_held_down_never_answers_history_and_a_cancel_ends_the_request()
    {
        await using var client = await Connected();
        Gateway.HoldFarmDown(DataFarm.UsHmds);
        await client.ExpectAsync<ErrMsg>(e => e.Code == 2105);
        client.Send(new ReqHistoricalData(21, Contract.Stock("SPY"), "", "1 D", "1 hour", "MIDPOINT", UseRth: true));
        Assert.True(await client.StaysQuietAsync(TimeSpan.FromMilliseconds(400)));
        Assert.Equal(1, Gateway.UnansweredHistoryRequests);

        client.Send(new CancelHistoricalData(21));
        client.Send(new ReqCurrentTime());
        await client.ExpectAsync<CurrentTime>();
        Assert.Contains(Gateway.Log.Of<CancelHistoricalData>(), c => c.ReqId == 21);
        Assert.Equal(0, Gateway.UnansweredHistoryRequests);
    }

    [Fact]
    public async Task A_competing_session_stops_every_line_until_it_ends()
    {
        await using var client = await Connected();
        client.Send(new ReqMktData(11, Contract.Stock("SPY"), ""));
        await client.ExpectAsync<TickPrice>(t => t.ReqId == 11);
        Gateway.StartCompetingSession();
        await client.ExpectAsync<ErrMsg>(e => e.Id == 11 && e.Code == 10197);
        Assert.True(await client.StaysQuietAsync(TimeSpan.FromMilliseconds(400)));

        Gateway.EndCompetingSession();
        await client.ExpectAsync<TickPrice>(t => t.ReqId == 11);
    }

    [Fact]
    public async Task Client_id_in_use_is_326_then_the_socket_closes()
    {
        await using var first = await Connected(clientId: 3);
        await using var second = await SimClient.ConnectAsync(Gateway.Port, clientId: 3);
        await second.ExpectAsync<ErrMsg>(e => e.Code == 326);
        await second.Connection.Completion.WaitAsync(SimClient.Patience);

        Gateway.Faults.ClientIdInUse(1);
        await using var third = await SimClient.ConnectAsync(Gateway.Port, clientId: 4);
        await third.ExpectAsync<ErrMsg>(e => e.Code == 326);
        first.Send(new ReqCurrentTime());
        await first.ExpectAsync<CurrentTime>();
    }

    [Fact]
    public async Task Pacing_violations_are_162()
    {
        await using var client = await Connected();
        var request = new ReqHistoricalData(20, Contract.Stock("AAPL"), "20261120-21:00:00", "1 D", "5 mins", "TRADES", true);
        client.Send(request);
        await client.ExpectAsync<HistoricalData>(h => h.ReqId == 20);
        client.Send(request with { ReqId = 21 });
        Assert.Contains("pacing violation", (await client.ExpectAsync<ErrMsg>(e => e.Id == 21 && e.Code == 162)).Message, StringComparison.Ordinal);

        Gateway.Faults.PacingViolation();
        client.Send(new ReqHistoricalData(22, Contract.Stock("MSFT"), "", "2 D", "1 hour", "MIDPOINT", true));
        await client.ExpectAsync<ErrMsg>(e => e.Id == 22 && e.Code == 162);
        Assert.True(Gateway.PacingViolations >= 1);
    }

    [Theory]
    [InlineData(MalformedFrame.BadMessageId, new[] { "x1", "garbage" })]
    [InlineData(MalformedFrame.BadField, new[] { "1", "6", "1", "1", "NaNx", "100", "0" })]
    [InlineData(MalformedFrame.Truncated, new[] { "1", "6", "1" })]
    [InlineData(MalformedFrame.UnknownMessageId, new[] { "999", "1", "1", "unmodelled" })]
    [InlineData(MalformedFrame.Empty, new string[0])]
    public async Task A_broken_message_inside_an_intact_frame_arrives_between_whole_frames(MalformedFrame kind, string[] fields)
    {
        using var raw = await RawClient.ConnectAsync(Gateway.Port, clientId: 5);
        await raw.ExpectAsync(4, f => f[3] == "2158");
        Gateway.SendMalformedFrame(kind, count: 2);
        raw.Send(new ReqCurrentTime());

        Assert.Equal(fields, await raw.NextFrameAsync());
        Assert.Equal(fields, await raw.NextFrameAsync());
        Assert.Equal("49", (await raw.NextFrameAsync())[0]);
    }

    [Fact]
    public async Task A_bad_tick_claims_the_sessions_market_data_line()
    {
        using var raw = await RawClient.ConnectAsync(Gateway.Port, clientId: 5);
        raw.Send(new ReqMktData(77, Contract.Stock("AAPL"), ""));
        await raw.ExpectAsync(1, f => f[2] == "77");
        Gateway.SendMalformedFrame(MalformedFrame.BadField);
        var bad = await raw.ExpectAsync(1, f => f[4] == "NaNx");
        Assert.Equal("77", bad[2]);
    }

    [Fact]
    public async Task An_oversized_length_prefix_claims_more_than_IBs_limit_and_sends_far_less()
    {
        using var raw = await RawClient.ConnectAsync(Gateway.Port, clientId: 5);
        await raw.ExpectAsync(4, f => f[3] == "2158");
        Gateway.SendMalformedFrame(MalformedFrame.OversizedLength);
        Assert.Equal(ProtocolVersion.MaxFrameLength + 1, await raw.NextLengthPrefixAsync());
    }

    [Fact]
    public async Task A_client_that_skips_broken_messages_keeps_its_session_and_a_bad_length_ends_it()
    {
        await using var client = await Connected();
        foreach (var kind in Enum.GetValues<MalformedFrame>().Where(k => k != MalformedFrame.OversizedLength))
        {
            Gateway.SendMalformedFrame(kind);
        }

        client.Send(new ReqCurrentTime());
        await client.ExpectAsync<CurrentTime>();
        Assert.False(client.Connection.Completion.IsCompleted);

        Gateway.SendMalformedFrame(MalformedFrame.OversizedLength);
        var error = await Assert.ThrowsAsync<TwsProtocolException>(() => client.Connection.Completion.WaitAsync(SimClient.Patience));
        Assert.Contains("frame length", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_control_endpoint_sends_each_kind_by_name_and_refuses_an_unknown_one()
    {
        await using var control = await ControlEndpoint.StartAsync(Gateway, 0);
        using var http = new HttpClient { BaseAddress = new Uri(control.Url) };
        using var raw = await RawClient.ConnectAsync(Gateway.Port, clientId: 5);
        await raw.ExpectAsync(4, f => f[3] == "2158");

        Assert.True((await http.PostAsync("/faults/malformed?kind=truncated&count=2", null)).IsSuccessStatusCode);
        Assert.True((await http.PostAsync("/faults/malformed", null)).IsSuccessStatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await http.PostAsync("/faults/malformed?kind=nonsense", null)).StatusCode);
        Assert.Equal(["1", "6", "1"], await raw.NextFrameAsync());
        Assert.Equal(["1", "6", "1"], await raw.NextFrameAsync());
        Assert.Equal(["x1", "garbage"], await raw.NextFrameAsync());
    }

    [Fact]
    public async Task A_bad_frame_from_one_client_closes_that_client_only()
    {
        await using var good = await Connected(clientId: 8);
        using var bad = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await bad.ConnectAsync("127.0.0.1", Gateway.Port);
        var w = new FieldWriter();
        Handshake.WriteClientHello(w, 100, 178);
        await bad.SendAsync(w.Written);
        await bad.SendAsync(new byte[] { 0x7f, 0xff, 0xff, 0xff, 1, 2, 3 }); // a 2 GiB length prefix
        var buffer = new byte[1024];
        using var deadline = new CancellationTokenSource(SimClient.Patience);
        while (await bad.ReceiveAsync(buffer, deadline.Token) > 0)
        {
        }

        good.Send(new ReqCurrentTime());
        await good.ExpectAsync<CurrentTime>();
    }

    [Fact]
    public async Task A_client_whose_range_excludes_178_is_refused()
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", Gateway.Port);
        var w = new FieldWriter();
        Handshake.WriteClientHello(w, 100, 151);
        await socket.SendAsync(w.Written);
        using var deadline = new CancellationTokenSource(SimClient.Patience);
        Assert.Equal(0, await socket.ReceiveAsync(new byte[64], deadline.Token));
    }

    [Fact]
    public async Task Half_answering_ignores_details_history_and_executions_only()
    {
        await using var client = await Connected();
        Gateway.Faults.HalfAnswering = true;
        client.Send(new ReqContractDetails(30, Contract.Stock("AAPL")));
        client.Send(new ReqCurrentTime());
        await client.ExpectAsync<CurrentTime>();
        Gateway.Faults.HalfAnswering = false;
        client.Send(new ReqContractDetails(31, Contract.Stock("AAPL")));
        var next = await client.ExpectAsync<ContractData>();
        Assert.Equal(31, next.ReqId);
    }

    [Fact]
    public async Task Read_only_mode_answers_321_and_places_nothing()
    {
        await using var gateway = new PaperGateway(new SimulatorOptions { ReadOnly = true });
        await gateway.StartAsync();
        await using var client = await SimClient.ConnectAsync(gateway.Port);
        var id = (await client.ExpectAsync<NextValidId>()).OrderId;
        client.Send(new PlaceOrder(id, Contract.Stock("AAPL"), Order.Market("BUY", 1)));
        Assert.Contains("Read-Only", (await client.ExpectAsync<ErrMsg>(e => e.Id == id)).Message, StringComparison.Ordinal);
        Assert.Empty(gateway.Fills);
    }

    [Fact]
    public async Task No_live_subscription_is_10089_then_delayed_data_after_type_3()
    {
        await using var gateway = new PaperGateway(new SimulatorOptions { LiveData = false, TickInterval = TimeSpan.FromMilliseconds(100) });
        await gateway.StartAsync();
        await using var client = await SimClient.ConnectAsync(gateway.Port);
        client.Send(new ReqMktData(40, Contract.Stock("AAPL"), ""));
        await client.ExpectAsync<ErrMsg>(e => e.Id == 40 && e.Code == 10089);
        client.Send(new ReqMarketDataType(3));
        client.Send(new ReqMktData(41, Contract.Stock("AAPL"), ""));
        await client.ExpectAsync<MarketDataType>(m => m.ReqId == 41 && m.Type == 3);
        await client.ExpectAsync<ErrMsg>(e => e.Id == 41 && e.Code == 10167);
        await client.ExpectAsync<TickPrice>(t => t.ReqId == 41 && t.TickType == 66);
    }

    [Fact]
    public async Task More_than_50_messages_in_a_second_is_error_100_then_a_disconnect()
    {
        await using var client = await Connected();
        for (var i = 0; i < PaperGateway.MaxMessagesPerSecond + 10 && client.Connection.TrySend(new ReqCurrentTime()); i++)
        {
        }

        var error = await client.ExpectAsync<ErrMsg>(e => e.Code == 100);
        Assert.Equal(-1, error.Id);
        Assert.StartsWith("Max rate of messages per second has been exceeded:max=50 rec=51", error.Message, StringComparison.Ordinal);
        await client.Connection.Completion.WaitAsync(SimClient.Patience);
        Assert.Equal(1, Gateway.MessageRateDisconnects);
    }

    [Fact]
    public async Task Without_the_rate_switch_a_burst_is_served()
    {
        Gateway.Faults.EnforceMessageRate = false;
        await using var client = await Connected();
        for (var i = 0; i < PaperGateway.MaxMessagesPerSecond + 10; i++)
        {
            client.Send(new ReqCurrentTime());
        }

        for (var i = 0; i < PaperGateway.MaxMessagesPerSecond + 10; i++)
        {
            await client.ExpectAsync<CurrentTime>();
        }

        Assert.True(Gateway.PeakMessageRate > PaperGateway.MaxMessagesPerSecond);
    }

    [Fact]
    public async Task The_repeat_10089_fault_answers_delayed_requests_with_10089_and_still_streams()
    {
        await using var gateway = new PaperGateway(new SimulatorOptions { LiveData = false, TickInterval = TimeSpan.FromMilliseconds(100) });
        await gateway.StartAsync();
        gateway.Faults.RepeatDelayedDataNotice = true;
        await using var client = await SimClient.ConnectAsync(gateway.Port);
        client.Send(new ReqMarketDataType(3));
        client.Send(new ReqMktData(42, Contract.Stock("AAPL"), ""));
        await client.ExpectAsync<ErrMsg>(e => e.Id == 42 && e.Code == 10089);
        await client.ExpectAsync<TickPrice>(t => t.ReqId == 42 && t.TickType == 66);
    }

    private async Task<SimClient> Connected(int clientId = 1)
    {
        var client = await SimClient.ConnectAsync(Gateway.Port, clientId);
        await client.ExpectAsync<NextValidId>();
        await client.ExpectAsync<ErrMsg>(e => e.Code == 2158); // the last message of the connect burst
        return client;
    }
}
