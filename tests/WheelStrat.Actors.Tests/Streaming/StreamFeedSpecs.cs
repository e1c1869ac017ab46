using Akka.Actor;
using Akka.TestKit.Xunit2;
using WheelStrat.Actors.Executions;
using WheelStrat.Actors.Streaming;
using WheelStrat.Actors.Tests.Support;
using Xunit.Abstractions;
using static WheelStrat.Actors.Streaming.StreamFeedProtocol;

namespace WheelStrat.Actors.Tests.Streaming;

/// <summary>
/// The stream feed on the bridge's SQLite journal: a follower that brings an id gets every retained entry after it
/// and then the live ones, with no gap, no repeat and no reset the feed has no reason for.
/// </summary>
public sealed class StreamFeedSpecs(ITestOutputHelper output) : TestKit(SqliteJournal.Config(SqliteJournal.NewDatabase()), output: output)
{
    /// <summary>
    /// Generous: the first answer waits for the SQLite journal to start and recover, which on a loaded 2-core machine
    /// (the whole suite at once) took more than 10 s. Only a failing spec waits this long.
    /// </summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public void A_follower_that_brings_an_id_while_the_first_entries_wait_for_their_write_gets_them_live_without_a_reset()
    {
        var feed = Sys.ActorOf(Props.Create(() => new StreamFeed(new StreamingOptions())));
        AwaitRecovered(feed);

        // The first events are numbered at once and written a moment later; a client that saw nothing (id 0)
        // registers in between: nothing it could have had is gone, so no reset, and the entries come live.
        feed.Tell(new ExecutionsProtocol.TradeJournaled(Trade("e1")));
        feed.Tell(new ExecutionsProtocol.TradeJournaled(Trade("e2")));
        feed.Tell(new Follow(0, Orders: true, Executions: true), TestActor);

        var following = ExpectMsg<Following>(Patience);
        Assert.False(following.Reset, $"reset: window {following.Oldest}..{following.Latest}");
        var ids = following.Missed.Select(e => e.Seq).Concat(ReceiveN(2 - following.Missed.Count, Patience).Cast<FeedEntry>().Select(e => e.Seq));
        Assert.Equal([1L, 2L], ids);
    }

    /// <summary>The feed answers a follower once it has recovered.</summary>
    private void AwaitRecovered(IActorRef feed)
    {
        var probe = CreateTestProbe();
        feed.Tell(new Follow(null, true, true), probe.Ref);
        probe.ExpectMsg<Following>(Patience);
    }

    private static Trade Trade(string execId) =>
        new(0, execId, 7, "k", DateTimeOffset.UtcNow, "AAPL", "STK", null, null, null, "BOT", 1, 150, null, "USD", "DU1", "ISLAND", 900);
}
