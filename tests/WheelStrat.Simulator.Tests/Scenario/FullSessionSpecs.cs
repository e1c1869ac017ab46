using WheelStrat.Simulator.Tests.Support;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Replies;
using WheelStrat.Tws.Messages.Requests;

namespace WheelStrat.Simulator.Tests.Scenario;

/// <summary>The whole session the bridge runs, over a real socket, as IB Gateway would answer it.</summary>
public sealed class FullSessionSpecs : SimulatorSpecs
{
    private SimClient _client = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _client = await SimClient.ConnectAsync(Gateway.Port, clientId: 5);
    }

    public override async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Connect_sends_accounts_next_id_and_farm_notices()
    {
        Assert.Equal(178, _client.Connection.ServerVersion);
        Assert.Equal("DU1234567", (await _client.ExpectAsync<ManagedAccounts>()).AccountsList);
        Assert.True((await _client.ExpectAsync<NextValidId>()).OrderId > 0);
        foreach (var code in new[] { 2104, 2106, 2158 })
        {
            await _client.ExpectAsync<ErrMsg>(e => e.Id == -1 && e.Code == code);
        }

        _client.Send(new ReqCurrentTime());
        var time = await _client.ExpectAsync<CurrentTime>();
        Assert.InRange(time.EpochSeconds, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Stock_details_market_data_with_generic_ticks()
    {
        _client.Send(new ReqContractDetails(1, Contract.Stock("AAPL")));
        var details = await _client.ExpectAsync<ContractData>(d => d.ReqId == 1);
        Assert.Equal(265598, details.Details.Contract.ConId);
        Assert.Equal("US/Eastern", details.Details.TimeZoneId);
        await _client.ExpectAsync<ContractDataEnd>(e => e.ReqId == 1);

        _client.Send(new ReqMktData(2, details.Details.Contract, "100,101,104,106"));
        var burst = await _client.CollectUntilAsync<TickGeneric>(g => g.ReqId == 2 && g.TickType == 24);
        Assert.Contains(burst, r => r is TickReqParams { ReqId: 2 });
        Assert.Contains(burst, r => r is MarketDataType { ReqId: 2, Type: 1 });
        Assert.Contains(burst, r => r is TickPrice { ReqId: 2, TickType: 1, Price: > 0 });
        Assert.Contains(burst, r => r is TickPrice { ReqId: 2, TickType: 2, Price: > 0 });
        Assert.Contains(burst, r => r is TickSize { ReqId: 2, TickType: 29 or 30 });
        Assert.Contains(burst, r => r is TickSize { ReqId: 2, TickType: 27 or 28 });
        Assert.Contains(burst, r => r is TickGeneric { ReqId: 2, TickType: 23 });

        // It keeps streaming until cancelled.
        await _client.ExpectAsync<TickPrice>(t => t.ReqId == 2);
        _client.Send(new CancelMktData(2));
    }

    [Fact]
    public async Task Option_parameters_details_and_computation_ticks()
    {
        _client.Send(new ReqSecDefOptParams(3, "AAPL", "", "STK", 265598));
        var chain = await _client.ExpectAsync<SecDefOptParameter>(p => p.ReqId == 3);
        await _client.ExpectAsync<SecDefOptParameterEnd>(e => e.ReqId == 3);
        Assert.Equal("100", chain.Multiplier);
        Assert.True(chain.Expirations.Count >= 8);
        Assert.Contains(180.0, chain.Strikes);

        var expiration = chain.Expirations[2];
        _client.Send(new ReqContractDetails(4, Contract.Option("AAPL", expiration, 180, "P")));
        var option = (await _client.ExpectAsync<ContractData>(d => d.ReqId == 4)).Details;
        Assert.Equal(265598, option.UnderConId);
        Assert.Equal("100", option.Contract.Multiplier);

        _client.Send(new ReqMktData(5, option.Contract, "100,101,104,106"));
        var model = await _client.ExpectAsync<TickOptionComputation>(c => c.ReqId == 5 && c.TickType == 13);
        Assert.InRange(model.Delta!.Value, -1, 0);
        Assert.True(model.Gamma > 0 && model.Vega > 0 && model.Theta < 0);
        Assert.True(model.ImpliedVol > 0 && model.UndPrice > 0);
    }

    [Fact]
    public async Task An_option_with_its_strike_blank_is_answered_with_every_strike_of_the_expiration_and_right()
    {
        var expiration = Expirations()[1];
        _client.Send(new ReqContractDetails(11, Contract.Option("AAPL", expiration, 0, "C")));
        var answers = await _client.CollectUntilAsync<ContractDataEnd>(e => e.ReqId == 11);
        var contracts = answers.OfType<ContractData>().Where(d => d.ReqId == 11).Select(d => d.Details.Contract).ToList();

        var strikes = WheelStrat.Simulator.Market.Universe.Strikes(Gateway.Market.Universe.BySymbol("AAPL")!);
        Assert.Equal(strikes, contracts.Select(c => c.Strike));
        Assert.All(contracts, c => Assert.Equal(("C", expiration), (c.Right, c.LastTradeDateOrContractMonth)));
        Assert.Equal(contracts.Count, contracts.Select(c => c.ConId).Distinct().Count());

        // The conId from the series is the one the contract has when asked for alone.
        _client.Send(new ReqContractDetails(12, Contract.Option("AAPL", expiration, 180, "C")));
        var alone = (await _client.ExpectAsync<ContractData>(d => d.ReqId == 12)).Details.Contract;
        Assert.Equal(alone.ConId, contracts.Single(c => c.Strike == 180).ConId);

        _client.Send(new ReqContractDetails(13, Contract.Option("AAPL", "20200117", 0, "C")));
        Assert.Equal(200, (await _client.ExpectAsync<ErrMsg>(e => e.Id == 13)).Code);
    }

    [Fact]
    public async Task Historical_bars_for_an_option()
    {
        var put = Contract.Option("AMZN", Expirations()[1], 200, "P");
        _client.Send(new ReqHistoricalData(6, put, "", "5 D", "1 hour", "MIDPOINT", UseRth: true, FormatDate: 2));
        var data = await _client.ExpectAsync<HistoricalData>(h => h.ReqId == 6);
        Assert.InRange(data.Bars.Count, 7, 7 * 5);
        Assert.All(data.Bars, b => Assert.True(b.Low <= b.Open && b.Open <= b.High && b.Low <= b.Close && b.Close <= b.High));
        Assert.All(data.Bars, b => Assert.True(long.Parse(b.Time, System.Globalization.CultureInfo.InvariantCulture) > 1_700_000_000));
    }

    [Fact]
    public async Task Limit_order_rests_then_cancels_and_market_order_fills_with_commission()
    {
        var nextId = (await _client.ExpectAsync<NextValidId>()).OrderId;
        var aapl = Contract.Stock("AAPL");
        _client.Send(new PlaceOrder(nextId, aapl, Order.Limit("BUY", 100, 100) with { OrderRef = "rest-1" }));
        Assert.Equal("rest-1", (await _client.ExpectAsync<OpenOrder>(o => o.OrderId == nextId)).Order.OrderRef);
        Assert.Equal("Submitted", (await _client.ExpectAsync<OrderStatus>(s => s.OrderId == nextId)).Status);
        _client.Send(new CancelOrder(nextId));
        await _client.ExpectAsync<OrderStatus>(s => s.OrderId == nextId && s.Status == "Cancelled");
        await _client.ExpectAsync<ErrMsg>(e => e.Id == nextId && e.Code == 202);

        _client.Send(new PlaceOrder(nextId + 1, aapl, Order.Market("BUY", 10) with { OrderRef = "mkt-1" }));
        var fill = await _client.ExpectAsync<ExecDetails>(e => e.Execution.OrderId == nextId + 1);
        Assert.Equal(-1, fill.ReqId);
        Assert.Equal("BOT", fill.Execution.Side);
        Assert.Equal("mkt-1", fill.Execution.OrderRef);
        var filled = await _client.ExpectAsync<OrderStatus>(s => s.OrderId == nextId + 1 && s.Status == "Filled");
        Assert.Equal(10, filled.Filled);
        var commission = await _client.ExpectAsync<CommissionReport>(c => c.ExecId == fill.Execution.ExecId);
        Assert.Equal(1.00, commission.Commission); // 10 shares × $0.005 → the $1 minimum

        _client.Send(new ReqExecutions(7, new ExecutionFilter { Symbol = "AAPL" }));
        var again = await _client.ExpectAsync<ExecDetails>(e => e.ReqId == 7);
        Assert.Equal(fill.Execution.ExecId, again.Execution.ExecId);
        await _client.ExpectAsync<ExecDetailsEnd>(e => e.ReqId == 7);

        _client.Send(new ReqPositions());
        var position = await _client.ExpectAsync<Position>(p => p.Contract.Symbol == "AAPL");
        Assert.Equal(10, position.Pos);
        await _client.ExpectAsync<PositionEnd>();

        _client.Send(new ReqAccountSummary(8, "All", "NetLiquidation,BuyingPower,AvailableFunds"));
        var summary = await _client.CollectUntilAsync<AccountSummaryEnd>(e => e.ReqId == 8);
        Assert.Equal(3, summary.OfType<AccountSummary>().Count());
    }

    [Fact]
    public async Task A_duplicate_order_id_is_refused_with_103()
    {
        var nextId = (await _client.ExpectAsync<NextValidId>()).OrderId;
        _client.Send(new PlaceOrder(nextId + 5, Contract.Stock("MSFT"), Order.Limit("BUY", 1, 100)));
        await _client.ExpectAsync<OrderStatus>(s => s.OrderId == nextId + 5);
        _client.Send(new PlaceOrder(nextId + 2, Contract.Stock("MSFT"), Order.Limit("BUY", 1, 100)));
        await _client.ExpectAsync<ErrMsg>(e => e.Id == nextId + 2 && e.Code == 103);
    }

    [Fact]
    public async Task What_standard_clients_send_after_connecting_is_answered()
    {
        _client.Send(new ReqCompletedOrders(false));
        await _client.ExpectAsync<CompletedOrdersEnd>();
        _client.Send(new ReqOpenOrders());
        await _client.ExpectAsync<OpenOrderEnd>();
        _client.Send(new ReqAccountUpdates(true, "DU1234567"));
        await _client.ExpectAsync<AccountDownloadEnd>();
        _client.Send(new ReqAccountUpdatesMulti(9, "DU1234567", "", true));
        await _client.ExpectAsync<AccountUpdateMultiEnd>(e => e.ReqId == 9);
        _client.Send(new ReqContractDetails(10, Contract.Stock("NOPE")));
        Assert.Equal(200, (await _client.ExpectAsync<ErrMsg>(e => e.Id == 10)).Code);
    }

    private IReadOnlyList<string> Expirations() => WheelStrat.Simulator.Market.Universe.Expirations(Gateway.Market.Today);
}
