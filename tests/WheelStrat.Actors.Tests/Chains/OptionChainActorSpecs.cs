using Akka.Actor;
using Akka.TestKit.Xunit2;
using Microsoft.Extensions.Options;
using WheelStrat.Actors.Chains;
using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.Gateway.Requests;
using WheelStrat.Actors.MarketData;
using WheelStrat.Actors.Replies;
using WheelStrat.Actors.Tests.Support;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Replies;
using Xunit.Abstractions;
using static WheelStrat.Actors.Gateway.GatewayProtocol;

namespace WheelStrat.Actors.Tests.Chains;

/// <summary>The chain actor against probes for the gateway and the contracts actor.</summary>
public sealed class OptionChainActorSpecs(ITestOutputHelper output) : TestKit(output: output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly MarketDataOptions _options = new() { ChainTimeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public void A_chain_asked_past_its_deadline_is_TimedOut_and_asks_nothing()
    {
        var (chains, gateway, contracts) = Start();

        chains.Tell(new OptionChainProtocol.GetOptionChain("AAPL", Deadline.Passed), TestActor);

        Assert.IsType<TimedOut>(ExpectMsg<OptionChainProtocol.OptionChainReply.Failure>(Patience).Reason);
        contracts.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        gateway.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void The_IB_lookup_gets_what_is_left_of_the_callers_deadline_and_the_caller_hears_by_then()
    {
        var (chains, gateway, contracts) = Start();
        var deadline = NotAfter.In(TimeSpan.FromSeconds(2), DateTimeOffset.UtcNow);

        chains.Tell(new OptionChainProtocol.GetOptionChain("AAPL", deadline), TestActor);
        var qualify = contracts.ExpectMsg<ContractsProtocol.Qualify>(Patience);
        contracts.Reply(new ContractsProtocol.Qualified(qualify.Spec, new ContractDetails { Contract = Contract.Stock("AAPL") with { ConId = 265598 } }));

        // ChainTimeout allows 30 s; the caller has 2: the request's queue deadline is the caller's.
        var send = gateway.ExpectMsg<SendIbRequest>(Patience);
        Assert.Equal(new OptionParametersRequest("AAPL", 265598), send.Request);
        Assert.Equal(deadline.At, send.NotAfter);

        // IB never answers: the caller hears TimedOut at its deadline, not ChainTimeout's.
        gateway.Reply(new RequestSent(7));
        Assert.IsType<TimedOut>(ExpectMsg<OptionChainProtocol.OptionChainReply.Failure>(TimeSpan.FromSeconds(4)).Reason);
    }

    private (IActorRef Chains, Akka.TestKit.TestProbe Gateway, Akka.TestKit.TestProbe Contracts) Start()
    {
        var gateway = CreateTestProbe();
        var contracts = CreateTestProbe();
        var chains = Sys.ActorOf(Props.Create(() => new OptionChainActor(gateway, contracts, Options.Create(_options), TimeProvider.System)));
        return (chains, gateway, contracts);
    }
}
