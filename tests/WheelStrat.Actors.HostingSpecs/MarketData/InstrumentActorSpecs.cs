using Akka.Actor;
using Akka.Hosting;
using Akka.TestKit;
using Microsoft.Extensions.Time.Testing;
using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.Gateway;
using WheelStrat.Actors.Gateway.Requests;
using WheelStrat.Actors.MarketData;
using WheelStrat.Actors.Replies;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Replies;
using WheelStrat.Tws.Messages.Requests;

using static WheelStrat.Actors.Gateway.GatewayProtocol;
using static WheelStrat.Actors.MarketData.MarketDataProtocol;

namespace WheelStrat.Actors.HostingSpecs.MarketData;

/// <summary>
/// Instrument lines under their real manager, with probes for the gateway and the contracts actor and a fake clock
/// for freshness: each line is one reqMktData child that the probe answers as the gateway would.
/// </summary>
public sealed class InstrumentActorSpecs(ITestOutputHelper output) : Akka.Hosting.TestKit.TestKit(output: output)
{
    private static readonly ContractSpec Aapl = ContractSpec.Stock("AAPL");
    private readonly GatewayHealthBoard _health = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 15, 0, 0, TimeSpan.Zero));

    /// <summary>A deadline on the spec's clock, far enough ahead never to be what a spec measures.</summary>
    private NotAfter Soon => NotAfter.In(TimeSpan.FromHours(1), _time.GetUtcNow());
    private readonly MarketDataOptions _options = new() { StockQuoteWait = TimeSpan.FromSeconds(5), QuoteSettle = TimeSpan.FromMilliseconds(200) };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder.AddHocon("akka.test.single-expect-default = 10s", HoconAddMode.Prepend);

    [Fact]
    public async Task Ticks_on_the_line_make_the_quote_and_later_callers_share_the_line()
    {
        var (manager, gateway, _, _, quote) = await QuotedAaplAsync();

        Assert.Equal<(int, double?, double?, bool, bool)>((265598, 189.5, 189.6, true, false), (quote.ConId, quote.Bid, quote.Ask, quote.Complete, quote.Stale));
        Assert.Equal(_time.GetUtcNow(), quote.AsOf);

        manager.Tell(new GetQuote(Aapl, Soon), TestActor);
        Assert.Equal(189.5, (await ExpectMsgAsync<QuoteReply.Quoted>(cancellationToken: Ct)).Quote.Bid);
        await gateway.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300), Ct);
    }

    [Fact]
    public async Task A_line_without_ticks_for_longer_than_StaleAfter_says_stale_since_its_last_tick_until_the_next()
    {
        var (manager, gateway, contracts, line, _) = await QuotedAaplAsync();
        var lastTick = _time.GetUtcNow();

        _time.Advance(_options.StaleAfter - TimeSpan.FromSeconds(1));
        manager.Tell(new GetQuote(Aapl, Soon), TestActor);
        Assert.False((await ExpectMsgAsync<QuoteReply.Quoted>(cancellationToken: Ct)).Quote.Stale);

        _time.Advance(TimeSpan.FromSeconds(2));
        manager.Tell(new GetQuote(Aapl, Soon), TestActor);
        var stale = (await ExpectMsgAsync<QuoteReply.Quoted>(cancellationToken: Ct)).Quote;
        Assert.True(stale.Stale);
        Assert.Equal(lastTick, stale.StaleSince);
        Assert.Contains("no tick for over 60s", stale.StaleReason, StringComparison.Ordinal);

        line.Tell(new TickPrice(7, 1, 189.7, 100));
        await AwaitAssertAsync(async () =>
        {
            manager.Tell(new GetQuote(Aapl, Soon), TestActor);
            var fresh = (await ExpectMsgAsync<QuoteReply.Quoted>(cancellationToken: Ct)).Quote;
            Assert.Equal<(double?, bool)>((189.7, false), (fresh.Bid, fresh.Stale));
        }, cancellationToken: Ct);
    }

    [Fact]
    public async Task A_released_line_stops_its_request_child_which_the_gateway_watches_to_cancel_it_at_IB()
    {
        _options.MaxLines = 1;
        var (manager, gateway, contracts, line, _) = await QuotedAaplAsync();
        // The real gateway watches the owner of every request it sends; so does this one.
        await gateway.WatchAsync(line);

        // One line only: a quote for another instrument releases AAPL's, least recently used.
        manager.Tell(new GetQuote(ContractSpec.Stock("MSFT"), Soon), CreateTestProbe());
        await gateway.ExpectTerminatedAsync(line, cancellationToken: Ct);

        await OpenLineAsync(gateway, contracts, ContractSpec.Stock("MSFT"), conId: 272093, reqId: 8);
        manager.Tell(GetLines.Instance, TestActor);
        Assert.Equal(["MSFT"], (await ExpectMsgAsync<Lines>(cancellationToken: Ct)).Keys);
    }

    [Fact]
    public async Task No_live_subscription_switches_the_session_to_delayed_data_once_and_repeated_notices_cost_nothing()
    {
        var (manager, gateway, contracts) = Start();
        manager.Tell(new GetQuote(Aapl, Soon), TestActor);
        var live = await OpenLineAsync(gateway, contracts, Aapl, conId: 265598, reqId: 7);

        await gateway.WatchAsync(live);
        live.Tell(new ErrMsg(7, 10089, "Requested market data requires additional subscription for API. Delayed market data is available."));
        // The type first, then the line again with a new child; the live line's child stops (cancelled at IB).
        Assert.Equal(new ReqMarketDataType(3), (await gateway.ExpectMsgAsync<SendRequest>(cancellationToken: Ct)).Request);
        var next = new List<(object Message, IActorRef From)>();
        for (var i = 0; i < 2; i++)
        {
            next.Add((await gateway.ExpectMsgAsync<object>(cancellationToken: Ct), gateway.LastSender));
        }

        Assert.Single(next, m => m.Message is Terminated t && t.ActorRef.Equals(live));
        var delayed = next.Single(m => m.Message is SendIbRequest { Request: MarketDataRequest }).From;
        delayed.Tell(new RequestSent(8), gateway);

        // IB repeats the refusal on the delayed line, with its delayed-data notices: each a note, none a request.
        foreach (var code in new[] { 10089, 10167, 354, 10089 })
        {
            delayed.Tell(new ErrMsg(8, code, "Delayed market data is available."));
        }

        delayed.Tell(new MarketDataType(8, 3));
        delayed.Tell(new TickPrice(8, 66, 189.1, 1));
        delayed.Tell(new TickPrice(8, 67, 189.3, 1));
        var quote = (await ExpectMsgAsync<QuoteReply.Quoted>(cancellationToken: Ct)).Quote;
        Assert.Equal<(string, double?, double?)>(("delayed", 189.1, 189.3), (quote.MarketDataType, quote.Bid, quote.Ask));
        Assert.Contains(quote.Notices, n => n.Contains("10089", StringComparison.Ordinal));
        Assert.Contains(quote.Notices, n => n.Contains("10167", StringComparison.Ordinal));
        await gateway.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(500), Ct);

        manager.Tell(GetLines.Instance, TestActor);
        Assert.True((await ExpectMsgAsync<Lines>(cancellationToken: Ct)).DelayedData);
    }

    /// <summary>A quote for AAPL from the first two ticks of its line (request id 7, the returned child).</summary>
    private async Task<(IActorRef Manager, TestProbe Gateway, TestProbe Contracts, IActorRef Line, QuoteSnapshot Quote)> QuotedAaplAsync()
    {
        var (manager, gateway, contracts) = Start();
        manager.Tell(new GetQuote(Aapl, Soon), TestActor);
        var line = await OpenLineAsync(gateway, contracts, Aapl, conId: 265598, reqId: 7);
        line.Tell(new TickPrice(7, 1, 189.5, 100));
        line.Tell(new TickPrice(7, 2, 189.6, 200));
        return (manager, gateway, contracts, line, (await ExpectMsgAsync<QuoteReply.Quoted>(cancellationToken: Ct)).Quote);
    }

    /// <summary>Plays the contracts actor and the gateway for a new line; returns the line's request child.</summary>
    private static async Task<IActorRef> OpenLineAsync(TestProbe gateway, TestProbe contracts, ContractSpec spec, int conId, int reqId)
    {
        Assert.Equal(spec, (await contracts.ExpectMsgAsync<ContractsProtocol.Qualify>(cancellationToken: Ct)).Spec);
        contracts.Reply(new ContractsProtocol.Qualified(spec, new ContractDetails { Contract = spec.ToContract() with { ConId = conId } }));
        var request = Assert.IsType<MarketDataRequest>((await gateway.ExpectMsgAsync<SendIbRequest>(cancellationToken: Ct)).Request);
        Assert.Equal(conId, request.Contract.ConId);
        var line = gateway.LastSender;
        gateway.Reply(new RequestSent(reqId));
        return line;
    }

    private (IActorRef Manager, TestProbe Gateway, TestProbe Contracts) Start()
    {
        _health.Publish(GatewayHealth.Initial with { Connected = true, Status = GatewayStatus.Ok });
        var gateway = CreateTestProbe();
        var contracts = CreateTestProbe();
        var options = Microsoft.Extensions.Options.Options.Create(_options);
        var manager = Sys.ActorOf(Props.Create(() => new MarketDataManager(gateway, contracts, options, _health, _time)));
        return (manager, gateway, contracts);
    }
}
