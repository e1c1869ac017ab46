using System.Threading.Channels;

namespace WheelStrat.Actors.Streaming;

/// <summary>One server-sent event: its name, its JSON body and, for order and execution events, its feed id.</summary>
public sealed record StreamEvent(string Type, string Data, long? Id = null);

/// <summary>
/// The bounded hand-over between a stream's actor (writer) and its HTTP response (reader): however slowly the client
/// reads, a stream never holds more than <see cref="Capacity"/> events. The writer never waits: when the buffer is
/// full it coalesces quotes itself or closes the stream with <see cref="CloseReason"/>.
/// </summary>
public sealed class StreamBuffer
{
    private readonly Channel<StreamEvent> _channel;
    private volatile string? _closeReason;

    public StreamBuffer(int capacity)
    {
        Capacity = capacity;
        _channel = Channel.CreateBounded<StreamEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public int Capacity { get; }

    public ChannelReader<StreamEvent> Reader => _channel.Reader;

    /// <summary>Events waiting for the client.</summary>
    public int Count => _channel.Reader.Count;

    /// <summary>The next write will fit: only this stream's actor writes, so room can only grow until it does.</summary>
    public bool HasRoom => _channel.Reader.Count < Capacity;

    /// <summary>Why the bridge ended the stream (null while it is open, or when the client left).</summary>
    public string? CloseReason => _closeReason;

    /// <summary>The id of the last order or execution event put in the buffer: where a closed stream resumes from.</summary>
    public long? LastId { get; private set; }

    internal bool TryWrite(StreamEvent e)
    {
        if (!_channel.Writer.TryWrite(e))
        {
            return false;
        }

        if (e.Id is { } id)
        {
            LastId = id;
        }

        return true;
    }

    internal void Close(string reason)
    {
        _closeReason = reason;
        _channel.Writer.TryComplete();
    }

    /// <summary>The client left: nothing more will be read.</summary>
    internal void Abandon() => _channel.Writer.TryComplete();
}
