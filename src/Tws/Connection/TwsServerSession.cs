using System.Buffers;
using System.Net.Sockets;
using WheelStrat.Tws.Codec;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Wire;

namespace WheelStrat.Tws.Connection;

/// <summary>
/// The server side of one API session (used by the simulator): reads the client's hello, answers
/// with a version, then decodes requests and sends replies.
/// </summary>
public sealed class TwsServerSession : IAsyncDisposable
{
    private readonly TwsTransport _transport;

    public TwsServerSession(Socket socket) => _transport = new TwsTransport(socket);

    public Task Completion => _transport.Completion;

    public bool IsOpen => _transport.IsOpen;

    /// <summary>Reads "API\0" and the version frame. Anything else is a protocol error.</summary>
    public async Task<ClientHello> ReadClientHelloAsync(CancellationToken ct)
    {
        var prefix = await _transport.ReadRawAsync(4, ct).ConfigureAwait(false);
        if (!prefix.AsSpan().SequenceEqual(Handshake.Prefix))
        {
            throw new TwsProtocolException("handshake: the client did not start with \"API\\0\"");
        }

        var payload = await _transport.ReadFrameAsync(ct).ConfigureAwait(false);
        return Handshake.ParseClientHello(new ReadOnlySequence<byte>(payload));
    }

    /// <summary>Sends the version reply and starts the writer loop.</summary>
    public async Task AcceptAsync(int serverVersion, string connectionTime, CancellationToken ct)
    {
        var w = new FieldWriter();
        Handshake.WriteServerHello(w, serverVersion, connectionTime);
        await _transport.WriteRawAsync(w.Written, ct).ConfigureAwait(false);
        _transport.StartWriter();
    }

    /// <summary>Runs the request loop until the client leaves or sends a bad frame. Never throws.</summary>
    public Task RunAsync(Action<ITwsRequest> onRequest) =>
        _transport.RunReaderAsync((in ReadOnlySequence<byte> payload) => onRequest(TwsCodec.DecodeRequest(payload)));

    public bool TrySend(ITwsReply reply) => _transport.TrySend(reply);

    /// <summary>Raw bytes in order with replies: lets fault injection send a malformed frame.</summary>
    public bool TrySendRaw(byte[] bytes) => _transport.TrySendRaw(bytes);

    public void Close() => _transport.Close(null);

    public ValueTask DisposeAsync() => _transport.DisposeAsync();
}
