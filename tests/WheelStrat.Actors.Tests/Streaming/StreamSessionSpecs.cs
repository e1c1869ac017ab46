using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.Gateway;
using WheelStrat.Actors.MarketData;
using WheelStrat.Actors.Replies;
using WheelStrat.Actors.Streaming;
using Xunit.Abstractions;
using static WheelStrat.Actors.MarketData.MarketDataProtocol;
using static WheelStrat.Actors.Streaming.StreamsProtocol;

namespace WheelStrat.Actors.Tests.Streaming;

/// <summary>
/// One /stream's actor against probes for the lines and the feed, with the buffer read by the test: what a stalled
/// client holds, what it gets once it reads again, and how an order event that does not fit ends the stream.
/// </summary>
public sealed class StreamSessionSpecs : TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>Scheduled time stands still here: whatever a spec sees happen, no timer did it.</summary>
    public StreamSessionSpecs(ITestOutputHelper output)
        : base("akka.scheduler.implementation = \"Akka.TestKit.TestScheduler, Akka.TestKit\"", output)
    {
    }

    [Fact]
    public void Quotes_that_waited_while_the_client_stalled_reach_it_once_it_reads_again()
    {
        var (session, buffer, instruments) = Open(instrumentCount: 40, bufferSize: 8, orders: false);

        // The client stops reading: 8 fit, the other 32 wait, and newer quotes replace the waiting ones.
        for (var round = 1; round <= 3; round++)
        {
            foreach (var key in instruments)
            {
                session.Tell(new QuoteUpdate(Quote(key, round)));
            }
        }

        AwaitCondition(() => buffer.Count == 8, Patience);

        // Now it reads everything it is given, and the lines are quiet: every instrument's latest quote still arrives.
        var latest = new Dictionary<string, double>();
        AwaitCondition(() =>
        {
            while (buffer.TryRead(out var e))
            {
                var json = System.Text.Json.JsonDocument.Parse(e.Data).RootElement;
                latest[json.GetProperty("key").GetString()!] = json.GetProperty("bid").GetDouble();
            }

            return latest.Count == instruments.Count;
        }, Patience, TimeSpan.FromMilliseconds(20));

        Assert.All(instruments.Skip(8), key => Assert.Equal(3, latest[key]));
    }

    [Fact]
    public void While_every_instrument_keeps_changing_each_waiting_one_gets_its_turn()
    {
        var (session, buffer, instruments) = Open(instrumentCount: 40, bufferSize: 8, orders: false);
        var seen = new HashSet<string>();
        for (var round = 1; round <= 10; round++)
        {
            // Every line has a new quote each round; the client reads what the buffer holds once it is full again.
            foreach (var key in instruments)
            {
                session.Tell(new QuoteUpdate(Quote(key, round)));
            }

            AwaitCondition(() => buffer.Count == 8, Patience);
            for (var i = 0; i < 8 && buffer.TryRead(out var e); i++)
            {
                seen.Add(System.Text.Json.JsonDocument.Parse(e.Data).RootElement.GetProperty("key").GetString()!);
            }
        }

        // 80 events for 40 instruments: oldest waiting first, so each one twice, none starved by the busy ones.
        Assert.Equal(instruments.Order(), seen.Order());
    }

    [Fact]
    public void An_order_event_that_does_not_fit_closes_the_stream_saying_the_last_id_it_holds()
    {
        var (session, buffer, _) = Open(instrumentCount: 0, bufferSize: 4, orders: true);
        Watch(session);
        for (var seq = 1; seq <= 6; seq++)
        {
            session.Tell(new FeedEntry(seq, FeedEntry.Order, "{}", DateTimeOffset.UtcNow));
        }

        ExpectTerminated(session, Patience);
        Assert.Equal(4, buffer.LastId);
        Assert.Contains("Last-Event-ID 4 ", buffer.CloseReason, StringComparison.Ordinal);
        var ids = new List<long?>();
        while (buffer.TryRead(out var e))
        {
            ids.Add(e.Id);
        }

        Assert.Equal([1L, 2L, 3L, 4L], ids);
        Assert.True(buffer.Completion.IsCompleted);
    }

    private (IActorRef Session, StreamBuffer Buffer, List<string> Instruments) Open(int instrumentCount, int bufferSize, bool orders)
    {
        var lines = CreateTestProbe();
        var feed = CreateTestProbe();
        var opener = CreateTestProbe();
        var instruments = Enumerable.Range(0, instrumentCount).Select(i => $"SYM{i}").ToList();
        var buffer = new StreamBuffer(bufferSize);
        var request = new OpenStream("client", [.. instruments.Select(ContractSpec.Stock)], orders, orders, false, null, buffer, NotAfter.In(Patience, DateTimeOffset.UtcNow), CancellationToken.None);
        var health = new GatewayHealthBoard();
        var session = Sys.ActorOf(Props.Create(() => new StreamSession(request, opener.Ref, lines.Ref, feed.Ref, new StreamingOptions(), health)));
        foreach (var key in instruments)
        {
            lines.ExpectMsg<SubscribeQuotes>(Patience);
            session.Tell(new QuotesSubscribed(key));
        }

        if (orders)
        {
            feed.ExpectMsg<StreamFeedProtocol.Follow>(Patience);
            session.Tell(new StreamFeedProtocol.Following([], false, 1, 0), feed.Ref);
        }

        opener.ExpectMsg<OpenStreamReply.Opened>(Patience);
        return (session, buffer, instruments);
    }

    private static QuoteSnapshot Quote(string key, double bid) =>
        new() { Key = key, Bid = bid, Ask = bid + 0.1, AsOf = DateTimeOffset.UtcNow };
}
