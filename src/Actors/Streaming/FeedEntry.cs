using WheelStrat.Actors.Persistence;

namespace WheelStrat.Actors.Streaming;

/// <summary>
/// One order or execution event of the stream feed, as it goes out: <paramref name="Seq"/> is its SSE id,
/// <paramref name="Kind"/> the SSE event name (order or execution), <paramref name="Json"/> its body as /orders or
/// /executions shows it. Kept serialized so a replay sends exactly what the live stream sent.
/// </summary>
public sealed record FeedEntry(long Seq, string Kind, string Json, DateTimeOffset At) : IJournalEvent
{
    public const string Order = "order";
    public const string Execution = "execution";
}

/// <summary>The feed's retained window; the events and snapshots before it are deleted once it is saved.</summary>
public sealed record FeedSnapshot(IReadOnlyList<FeedEntry> Entries, long LastSeq) : IJournalEvent;
