using System.ComponentModel.DataAnnotations;

namespace WheelStrat.Actors.Streaming;

/// <summary>GET /stream: limits, buffers, heartbeat and the resume window. Section "Streaming".</summary>
public sealed class StreamingOptions
{
    public const string Section = "Streaming";

    /// <summary>Open streams one API key may hold at once; one more is a 429.</summary>
    [Range(1, 10_000)]
    public int MaxStreamsPerKey { get; set; } = 10;

    /// <summary>Instruments one stream may watch; more is a 400 (each is an IB line, counted against MarketData:MaxLines).</summary>
    [Range(1, 1_000)]
    public int MaxInstrumentsPerStream { get; set; } = 50;

    /// <summary>
    /// Events one stream holds for a client that reads slower than they come. When it is full, quotes are coalesced
    /// (the latest per instrument waits) and an order or execution event closes the stream, to be resumed by id.
    /// </summary>
    [Range(4, 100_000)]
    public int BufferSize { get; set; } = 256;

    /// <summary>A comment line this often keeps proxies and mobile networks from closing an idle stream.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The resume window: the feed keeps the last this many order and execution events (journaled beside the orders).
    /// A Last-Event-ID older than that gets a reset event instead of a replay.
    /// </summary>
    [Range(10, 1_000_000)]
    public int FeedRetention { get; set; } = 2_000;

    /// <summary>After this many new feed events a snapshot is saved and the events and snapshots before it are deleted.</summary>
    [Range(1, 1_000_000)]
    public int FeedSnapshotEvery { get; set; } = 500;

    /// <summary>How long a browser's stream ticket (POST /stream/tickets) opens and reopens streams.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan TicketLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The reconnect delay (SSE retry) the stream tells clients to use.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ClientRetry { get; set; } = TimeSpan.FromSeconds(3);
}
