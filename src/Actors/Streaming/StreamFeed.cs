using System.Text.Json;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using WheelStrat.Actors.Diagnostics;
using WheelStrat.Actors.Executions;
using WheelStrat.Actors.Orders;

namespace WheelStrat.Actors.Streaming;

public static class StreamFeedProtocol
{
    /// <summary>
    /// Follow the feed from after <paramref name="After"/> (null: from now). Replies <see cref="Following"/> with what
    /// was missed, then sends each new <see cref="FeedEntry"/> of the asked kinds until the follower stops.
    /// </summary>
    public sealed record Follow(long? After, bool Orders, bool Executions);

    /// <summary>
    /// <paramref name="Missed"/> is every retained entry after the asked id, oldest first. <paramref name="Reset"/>:
    /// the asked id is older than the window (or newer than the feed), so entries may be missing; the client should
    /// reload /orders and /executions. <paramref name="Latest"/> is the feed's newest id.
    /// </summary>
    public sealed record Following(IReadOnlyList<FeedEntry> Missed, bool Reset, long Oldest, long Latest);
}

/// <summary>
/// The stream-feed cluster singleton (fed by each node's <see cref="StreamFeedRelay"/>): the durable, ordered feed of order and execution events behind /stream's ids. Every changed
/// order view and every journaled trade, correction and commission gets the next sequence number, is journaled (in
/// small batches, like the execution journal), and then goes to the followers; a follower that comes back with an id
/// gets what it missed first, in the same message turn, so nothing is lost or repeated. Only the last
/// <see cref="StreamingOptions.FeedRetention"/> entries are kept: each snapshot deletes what came before it.
/// </summary>
public sealed class StreamFeed : ObservedPersistentActor, IWithTimers
{
    private const string FlushKey = "flush";
    private static readonly TimeSpan FlushDelay = TimeSpan.FromMilliseconds(10);
    private static readonly JsonSerializerOptions Json = StreamJson.Options;

    private readonly StreamingOptions _options;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly LinkedList<FeedEntry> _window = new();
    private readonly Dictionary<IActorRef, StreamFeedProtocol.Follow> _followers = [];
    private readonly List<FeedEntry> _unwritten = [];
    private long _lastSeq;
    private long _sinceSnapshot;

    public StreamFeed(StreamingOptions options)
    {
        _options = options;

        Recover<SnapshotOffer>(o =>
        {
            var s = (FeedSnapshot)o.Snapshot;
            _window.Clear();
            foreach (var e in s.Entries)
            {
                _window.AddLast(e);
            }

            _lastSeq = s.LastSeq;
        });
        Recover<FeedEntry>(Keep);
        Recover<RecoveryCompleted>(_ => ReportState(Describe()));

        Command<OrderViewChanged>(m => Record(FeedEntry.Order, JsonSerializer.Serialize(m.View, Json)));
        Command<ExecutionsProtocol.TradeJournaled>(m => Record(FeedEntry.Execution, JsonSerializer.Serialize(m.Trade, Json)));
        Command<ExecutionsProtocol.CommissionJournaled>(m => Record(FeedEntry.Execution, JsonSerializer.Serialize(m.Trade, Json)));
        Command<StreamFeedProtocol.Follow>(OnFollow);
        Command<Terminated>(t => _followers.Remove(t.ActorRef));
        Command<FlushNow>(_ => Flush());
        Command<SaveSnapshotSuccess>(OnSnapshotSaved);
        Command<SaveSnapshotFailure>(f => _log.Warning("Stream feed snapshot failed: {Reason}", f.Cause.Message));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(f => _log.Warning("Stream feed trim failed: {Reason}", f.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning("Stream feed snapshot trim failed: {Reason}", f.Cause.Message));
    }

    public override string PersistenceId => "stream-feed";

    public ITimerScheduler Timers { get; set; } = null!;

    protected override string Kind => "stream-feed";

    private long Oldest => _window.First?.Value.Seq ?? _lastSeq + 1;

    private void Record(string kind, string json)
    {
        // The number is taken now, so the feed's order is the order the events happened in.
        _unwritten.Add(new FeedEntry(++_lastSeq, kind, json, DateTimeOffset.UtcNow));
        if (!Timers.IsTimerActive(FlushKey))
        {
            Timers.StartSingleTimer(FlushKey, FlushNow.Instance, FlushDelay);
        }
    }

    private void Flush()
    {
        if (_unwritten.Count == 0)
        {
            return;
        }

        var batch = _unwritten.ToList();
        _unwritten.Clear();
        PersistAll(batch, e =>
        {
            Keep(e);
            foreach (var (follower, follow) in _followers)
            {
                if (Wants(follow, e))
                {
                    follower.Tell(e);
                }
            }

            if (++_sinceSnapshot >= _options.FeedSnapshotEvery && _unwritten.Count == 0)
            {
                _sinceSnapshot = 0;
                SaveSnapshot(new FeedSnapshot([.. _window], e.Seq));
            }

            ReportState(Describe());
        });
    }

    private void Keep(FeedEntry e)
    {
        _window.AddLast(e);
        _lastSeq = Math.Max(_lastSeq, e.Seq);
        while (_window.Count > _options.FeedRetention)
        {
            _window.RemoveFirst();
        }
    }

    private void OnFollow(StreamFeedProtocol.Follow m)
    {
        // Entries numbered but not yet durable are sent when they are: a replay never shows what a crash could undo.
        var durable = _lastSeq - _unwritten.Count;
        var reset = m.After is { } after && (after < Oldest - 1 || after > durable);
        var missed = m.After is { } from && !reset
            ? _window.Where(e => e.Seq > from && Wants(m, e)).ToList()
            : [];
        Sender.Tell(new StreamFeedProtocol.Following(missed, reset, Oldest, durable));
        _followers[Sender] = m;
        Context.Watch(Sender);
    }

    private void OnSnapshotSaved(SaveSnapshotSuccess m)
    {
        // The snapshot holds the whole window: everything before it is no longer needed, so the feed never grows.
        DeleteMessages(m.Metadata.SequenceNr);
        DeleteSnapshots(new SnapshotSelectionCriteria(m.Metadata.SequenceNr - 1));
    }

    private static bool Wants(StreamFeedProtocol.Follow f, FeedEntry e) =>
        (f.Orders && e.Kind == FeedEntry.Order) || (f.Executions && e.Kind == FeedEntry.Execution);

    private string Describe() => $"ids {Oldest}..{_lastSeq}, {_followers.Count} followers";

    private sealed record FlushNow { public static readonly FlushNow Instance = new(); }
}
