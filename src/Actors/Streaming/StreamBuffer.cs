using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;

namespace WheelStrat.Actors.Streaming;

/// <summary>One server-sent event: its name, its JSON body and, for order and execution events, its feed id.</summary>
public sealed record StreamEvent(string Type, string Data, long? Id = null);

/// <summary>
/// The bounded hand-over between a stream's actor (writer) and its HTTP response (reader): however slowly the client
/// reads, a stream never holds more than <see cref="Capacity"/> events. The writer never waits: when the buffer is
/// full it coalesces quotes itself or closes the stream with <see cref="CloseReason"/>, and asks to be woken
/// (<see cref="WakeWhenRoom"/>) by the reader's next take.
/// </summary>
public sealed class StreamBuffer
{
    private readonly Channel<StreamEvent> _channel;
    private volatile string? _closeReason;
    private Action? _wake;

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

    /// <summary>Completes once the stream has ended and the reader has taken everything.</summary>
    public Task Completion => _channel.Reader.Completion;

    /// <summary>Events waiting for the client.</summary>
    public int Count => _channel.Reader.Count;

    /// <summary>The next write will fit: only this stream's actor writes, so room can only grow until it does.</summary>
    public bool HasRoom => _channel.Reader.Count < Capacity;

    /// <summary>Why the bridge ended the stream (null while it is open, or when the client left).</summary>
    public string? CloseReason => _closeReason;

    /// <summary>The id of the last order or execution event put in the buffer: where a closed stream resumes from.</summary>
    public long? LastId { get; private set; }

    /// <summary>The reader waits for an event (false: the stream ended and everything was taken).</summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken ct) => _channel.Reader.WaitToReadAsync(ct);

    /// <summary>The reader takes the next event; the first take after the writer asked to be woken wakes it.</summary>
    public bool TryRead([MaybeNullWhen(false)] out StreamEvent e)
    {
        if (!_channel.Reader.TryRead(out e))
        {
            return false;
        }

        Interlocked.Exchange(ref _wake, null)?.Invoke();
        return true;
    }

    /// <summary>
    /// The writer has events waiting for room: <paramref name="wake"/> runs once, as soon as there is some — at once
    /// when the reader took an event since the writer last looked, else on its next take. A writer that only looked
    /// on a timer would leave the client idle between looks while its events wait, and fall behind for good.
    /// </summary>
    internal void WakeWhenRoom(Action wake)
    {
        Volatile.Write(ref _wake, wake);
        // Looked after arming: a take that came before the arm is seen here, one after it finds the arm.
        if (HasRoom)
        {
            Interlocked.Exchange(ref _wake, null)?.Invoke();
        }
    }

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
        Abandon();
    }

    /// <summary>The writer is done (or the client left): nothing more is written, and nobody is left to wake.</summary>
    internal void Abandon()
    {
        Volatile.Write(ref _wake, null);
        _channel.Writer.TryComplete();
    }
}
