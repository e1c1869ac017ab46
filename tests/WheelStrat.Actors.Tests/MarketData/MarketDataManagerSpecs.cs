using Akka.Actor;
using Akka.TestKit.Xunit2;
using Microsoft.Extensions.Options;
using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.Gateway;
using WheelStrat.Actors.MarketData;
using WheelStrat.Actors.Tests.Support;
using WheelStrat.Tws.Messages.Replies;
using WheelStrat.Tws.Messages.Requests;
using Xunit.Abstractions;
using static WheelStrat.Actors.Gateway.GatewayProtocol;
using static WheelStrat.Actors.MarketData.MarketDataProtocol;

namespace WheelStrat.Actors.Tests.MarketData;

public sealed class MarketDataManagerSpecs(ITestOutputHelper output) : TestKit(output: output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly GatewayLog _log = new();
    private readonly GatewayHealthBoard _board = new();
    private IActorRef _gateway = ActorRefs.Nobody;
    private readonly MarketDataOptions _options = new() { StockQuoteWait = TimeSpan.FromSeconds(4), OptionQuoteWait = TimeSpan.FromSeconds(3) };

    [Fact]
    public void Thirty_concurrent_callers_share_one_market_data_line()
    {
        var manager = StartManager();
        var callers = Enumerable.Range(0, 30).Select(_ => CreateTestProbe()).ToList();
        foreach (var caller in callers)
        {
            manager.Tell(new GetQuote(ContractSpec.Stock("AAPL"), Deadline.Soon), caller);
        }

        AwaitCondition(() => _log.Sent<ReqMktData>().Count == 1, Patience);
        var line = _log.Sent<ReqMktData>()[0];
        Assert.Equal("100,101,104,106", line.GenericTickList);
        var owner = _log.OwnerOf(line.ReqId);
        owner.Tell(new TickPrice(line.ReqId, 1, 189.5, 100));
        owner.Tell(new TickPrice(line.ReqId, 2, 189.6, 200));

        foreach (var caller in callers)
        {
            var quote = caller.ExpectMsg<QuoteReply.Quoted>(Patience).Quote;
            Assert.True(quote.Complete);
            Assert.Equal(189.5, quote.Bid);
        }

        Assert.Single(_log.Sent<ReqMktData>());
    }

    [Fact]
    public void A_quote_asked_past_its_deadline_is_TimedOut_at_once_and_opens_no_line()
    {
        var manager = StartManager();
        manager.Tell(new GetQuote(ContractSpec.Stock("AAPL"), Deadline.Passed), TestActor);

        Assert.Contains("deadline", ExpectMsg<QuoteReply.Failure>(Patience).Reason.Message, StringComparison.Ordinal);
        manager.Tell(GetLines.Instance, TestActor);
        Assert.Empty(ExpectMsg<Lines>(Patience).Keys);
        Assert.Empty(_log.Sent<ReqContractDetails>());
        Assert.Empty(_log.Sent<ReqMktData>());
    }

    [Fact]
    public void An_incomplete_quote_is_answered_at_the_deadline_with_complete_false()
    {
        var manager = StartManager();
        manager.Tell(new GetQuote(ContractSpec.Option("AMZN", "20260213", 200, "P"), Deadline.Soon), TestActor);
        AwaitCondition(() => _log.Sent<ReqMktData>().Count == 1, Patience);
        var line = _log.Sent<ReqMktData>()[0];
        _log.OwnerOf(line.ReqId).Tell(new TickPrice(line.ReqId, 1, 3.4, 10));
        _log.OwnerOf(line.ReqId).Tell(new TickPrice(line.ReqId, 2, 3.6, 10));

        // Bid and ask but no greeks yet: an option quote is not complete.
        var quote = ExpectMsg<QuoteReply.Quoted>(Patience).Quote;
        Assert.False(quote.Complete);
        Assert.Equal(3.4, quote.Bid);
        Assert.Null(quote.Greeks);
    }

    [Fact]
    public void The_line_cap_releases_the_least_recently_used_line()
    {
        _options.MaxLines = 2;
        var manager = StartManager();
        foreach (var symbol in new[] { "AAPL", "MSFT" })
        {
            manager.Tell(new GetQuote(ContractSpec.Stock(symbol), Deadline.Soon), CreateTestProbe());
        }

        AwaitCondition(() => _log.Sent<ReqMktData>().Count == 2, Patience);
        manager.Tell(new GetQuote(ContractSpec.Stock("AAPL"), Deadline.Soon), CreateTestProbe()); // AAPL is now the most recent
        manager.Tell(new GetQuote(ContractSpec.Stock("NVDA"), Deadline.Soon), CreateTestProbe());

        AwaitCondition(() => _log.Sent<CancelMktData>().Count == 1, Patience);
        var msft = _log.Sent<ReqMktData>().Single(r => r.Contract.Symbol == "MSFT");
        Assert.Equal(msft.ReqId, _log.Sent<CancelMktData>()[0].ReqId);
        manager.Tell(GetLines.Instance, TestActor);
        Assert.Equal(["AAPL", "NVDA"], ExpectMsg<Lines>(Patience).Keys);
    }

    [Fact]
    public void A_resubscribe_notice_requests_every_line_again_exactly_once()
    {
        var manager = StartManager();
        manager.Tell(new GetQuote(ContractSpec.Stock("AAPL"), Deadline.Soon), CreateTestProbe());
        manager.Tell(new GetQuote(ContractSpec.Stock("SPY"), Deadline.Soon), CreateTestProbe());
        AwaitCondition(() => _log.Sent<ReqMktData>().Count == 2, Patience);

        Sys.EventStream.Publish(new ResubscribeNeeded(ResubscribeReason.DataLost));
        AwaitCondition(() => _log.Sent<ReqMktData>().Count == 4, Patience);
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(4, _log.Sent<ReqMktData>().Count);
        Assert.Equal(2, _log.Sent<ReqMktData>().Count(r => r.Contract.Symbol == "SPY"));
    }

    [Fact]
    public void No_live_subscription_switches_the_session_to_delayed_data_and_says_so()
    {
        var manager = StartManager();
        manager.Tell(new GetQuote(ContractSpec.Stock("AAPL"), Deadline.Soon), TestActor);
        AwaitCondition(() => _log.Sent<ReqMktData>().Count == 1, Patience);
        var first = _log.Sent<ReqMktData>()[0];
        _log.OwnerOf(first.ReqId).Tell(new ErrMsg(first.ReqId, 10089, "Requested market data requires additional subscription for API."));

        AwaitCondition(() => _log.Sent<ReqMktData>().Count == 2, Patience);
        Assert.Equal(3, Assert.Single(_log.Sent<ReqMarketDataType>()).MarketDataType);
        var second = _log.Sent<ReqMktData>()[1];
        var owner = _log.OwnerOf(second.ReqId);
        owner.Tell(new MarketDataType(second.ReqId, 3));
        owner.Tell(new TickPrice(second.ReqId, 66, 189.1, 1));
        owner.Tell(new TickPrice(second.ReqId, 67, 189.3, 1));

        var quote = ExpectMsg<QuoteReply.Quoted>(Patience).Quote;
        Assert.Equal("delayed", quote.MarketDataType);
        Assert.Equal(189.1, quote.Bid);
        Assert.Contains(quote.Notices, n => n.Contains("10089", StringComparison.Ordinal));
    }

    [Fact]
    public void A_repeating_10089_costs_one_re_request_and_lines_opened_later_ask_once()
    {
        var manager = StartManager();
        // The callers are answered at their quote deadline, whenever that falls in this test: not what it is about.
        var callers = CreateTestProbe();
        manager.Tell(new GetQuote(ContractSpec.Stock("AAPL"), Deadline.Soon), callers);
        AwaitCondition(() => _log.Sent<ReqMktData>().Count == 1, Patience);
        var first = _log.Sent<ReqMktData>()[0];
        _log.OwnerOf(first.ReqId).Tell(new ErrMsg(first.ReqId, 10089, "Delayed market data is available."));
        AwaitCondition(() => _log.Sent<ReqMktData>().Count == 2, Patience);

        // The gateway repeats the notice on the delayed request (and 10167/10168 with it): nothing more is sent.
        var second = _log.Sent<ReqMktData>()[1];
        var owner = _log.OwnerOf(second.ReqId);
        foreach (var code in new[] { 10089, 10089, 10167, 10168, 354 })
        {
            owner.Tell(new ErrMsg(second.ReqId, code, "Delayed market data is available."));
        }

        // A line opened after the switch already asks for delayed data: its 10089 is a notice too.
        manager.Tell(new GetQuote(ContractSpec.Stock("MSFT"), Deadline.Soon), callers);
        AwaitCondition(() => _log.Sent<ReqMktData>().Count == 3, Patience);
        var msft = _log.Sent<ReqMktData>()[2];
        var msftOwner = _log.OwnerOf(msft.ReqId);
        msftOwner.Tell(new ErrMsg(msft.ReqId, 10089, "Delayed market data is available."));

        // A notice that costs a request goes line -> manager -> line -> gateway: once each of them has handled
        // everything sent to it before, in that order, any such request has been logged.
        Settle(owner, msftOwner, manager, owner, msftOwner, _gateway);
        Assert.Equal(3, _log.Sent<ReqMktData>().Count);
        Assert.Single(_log.Sent<ReqMarketDataType>());
    }

    private IActorRef StartManager()
    {
        _board.Publish(GatewayHealth.Initial with { Connected = true, Status = GatewayStatus.Ok });
        var gateway = _gateway = Sys.ActorOf(Props.Create(() => new FakeGatewayActor(_log)));
        var options = Options.Create(_options);
        var contracts = Sys.ActorOf(Props.Create(() => new ContractsActor(gateway, options, TimeProvider.System)));
        return Sys.ActorOf(Props.Create(() => new MarketDataManager(gateway, contracts, options, _board, TimeProvider.System)));
    }

    /// <summary>Returns once each actor, in turn, has handled every message sent to it before (Identify waits its turn in the mailbox).</summary>
    private void Settle(params IActorRef[] chain)
    {
        foreach (var actor in chain)
        {
            actor.Ask<ActorIdentity>(new Identify(null), Patience).Wait();
        }
    }
}
