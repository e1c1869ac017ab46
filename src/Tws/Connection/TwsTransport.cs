using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using WheelStrat.Tws.Codec;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Wire;

namespace WheelStrat.Tws.Connection;

/// <summary>
/// One TCP stream speaking TWS frames, for either side. Outgoing messages go through an unbounded
/// single-reader channel drained by one writer loop, so senders (actors) never block or lock;
/// incoming frames are cut by a PipeReader loop. Either loop failing closes the socket and
/// completes <see cref="Completion"/>: a framing error (a length prefix outside 0..16 MiB, checked
/// before anything is buffered) or a frame handler that throws costs this connection and nothing else.
/// What a whole frame contains is the handler's business: the client's handler reports a bad message and reads on.
/// </summary>
public sealed class TwsTransport : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _reader;
    private readonly Channel<Outgoing> _outbox = Channel.CreateUnbounded<Outgoing>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _writerLoop;
    private int _closed;

    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    public TwsTransport(Socket socket)
    {
        _socket = socket;
        _socket.NoDelay = true;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(minimumReadSize: 16 * 1024));
    }

    /// <summary>Completes when the connection has closed; faulted when it closed because of an error.</summary>
    public Task Completion => _completion.Task;

    public bool IsOpen => Volatile.Read(ref _closed) == 0;

    /// <summary>Starts the writer loop. Handshake bytes may be written with <see cref="WriteRawAsync"/> before.</summary>
    public void StartWriter() => _writerLoop ??= Task.Run(WriterLoopAsync);

    /// <summary>Queues a message. False when the connection is closed (the caller reacts; nothing waits).</summary>
    public bool TrySend(ITwsMessage message) => IsOpen && _outbox.Writer.TryWrite(new Outgoing(message, null));

    /// <summary>Queues raw bytes in order with messages (fault injection, handshake replies).</summary>
    public bool TrySendRaw(byte[] bytes) => IsOpen && _outbox.Writer.TryWrite(new Outgoing(null, bytes));

    /// <summary>Writes bytes directly, before the writer loop runs (handshake only).</summary>
    public async Task WriteRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        await _stream.WriteAsync(bytes, ct).ConfigureAwait(false);
        await _stream.FlushAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Reads exactly <paramref name="count"/> raw bytes (the server reading "API\0").</summary>
    public async Task<byte[]> ReadRawAsync(int count, CancellationToken ct)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length >= count)
            {
                var bytes = buffer.Slice(0, count).ToArray();
                _reader.AdvanceTo(buffer.GetPosition(count));
                return bytes;
            }

            if (result.IsCompleted)
            {
                throw new TwsProtocolException("handshake: connection closed early");
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Reads one frame (handshake steps); the payload is copied out.</summary>
    public async Task<byte[]> ReadFrameAsync(CancellationToken ct)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (Framing.TryReadFrame(ref buffer, out var payload))
            {
                var bytes = payload.ToArray();
                _reader.AdvanceTo(buffer.Start);
                return bytes;
            }

            if (result.IsCompleted)
            {
                throw new TwsProtocolException("connection closed before a whole frame arrived");
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>
    /// Runs the frame loop until the peer closes or an error occurs, handing each payload to
    /// <paramref name="onFrame"/> on this loop's thread. Never throws: how it ended is in <see cref="Completion"/>.
    /// </summary>
    public async Task RunReaderAsync(FrameHandler onFrame)
    {
        try
        {
            while (true)
            {
                var result = await _reader.ReadAsync(_closing.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (Framing.TryReadFrame(ref buffer, out var payload))
                {
                    onFrame(payload);
                }

                _reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    if (buffer.Length > 0)
                    {
                        throw new TwsProtocolException($"connection closed inside a frame ({buffer.Length} bytes pending)");
                    }

                    Close(null);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            Close(null);
        }
        catch (Exception ex)
        {
            // A reset or a bad frame; reported through Completion (a clean close is an EOF), the loop ends quietly.
            Close(ex);
        }
    }

    /// <summary>Closes the socket; <paramref name="error"/> null means a clean close.</summary>
    public void Close(Exception? error)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        _outbox.Writer.TryComplete();
        _closing.Cancel();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already gone: nothing left to shut down.
        }

        _stream.Dispose();
        if (error is null)
        {
            _completion.TrySetResult();
        }
        else
        {
            _completion.TrySetException(error);
        }
    }

    /// <summary>
    /// Closes cleanly: stops accepting messages, lets the writer send what is already queued (for at
    /// most <see cref="DrainTimeout"/>), then shuts the socket down so the peer sees an orderly end.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        _outbox.Writer.TryComplete();
        if (_writerLoop is not null)
        {
            await Task.WhenAny(_writerLoop, Task.Delay(DrainTimeout)).ConfigureAwait(false);
        }

        Close(null);
        if (_writerLoop is not null)
        {
            await _writerLoop.ConfigureAwait(false);
        }

        await _reader.CompleteAsync().ConfigureAwait(false);
        _closing.Dispose();
    }

    private async Task WriterLoopAsync()
    {
        var writer = new FieldWriter();
        try
        {
            while (await _outbox.Reader.WaitToReadAsync(_closing.Token).ConfigureAwait(false))
            {
                writer.Reset();
                // Batch whatever is queued into one socket write.
                while (writer.Written.Length < 64 * 1024 && _outbox.Reader.TryRead(out var item))
                {
                    if (item.Message is not null)
                    {
                        TwsCodec.Encode(writer, item.Message);
                    }
                    else
                    {
                        writer.WriteRaw(item.Raw);
                    }
                }

                await _stream.WriteAsync(writer.Written, _closing.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            // Closing: queued messages are dropped with the connection.
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            Close(null);
        }
        catch (Exception ex)
        {
            Close(ex);
        }
    }

    private readonly record struct Outgoing(ITwsMessage? Message, byte[]? Raw);
}

/// <summary>Receives one frame payload; runs on the reader loop, so it must not block.</summary>
public delegate void FrameHandler(in ReadOnlySequence<byte> payload);
