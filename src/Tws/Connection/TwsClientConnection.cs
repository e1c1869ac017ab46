using System.Net.Sockets;
using WheelStrat.Tws.Codec;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Requests;
using WheelStrat.Tws.Wire;

namespace WheelStrat.Tws.Connection;

/// <summary>Our own TWS API client session over TCP at the pinned server version.</summary>
public sealed class TwsClientConnection : ITwsConnection
{
    private readonly TwsTransport _transport;

    private TwsClientConnection(TwsTransport transport, ServerHello hello, int clientId)
    {
        _transport = transport;
        ServerVersion = hello.ServerVersion;
        ConnectionTime = hello.ConnectionTime;
        ClientId = clientId;
    }

    public int ServerVersion { get; }

    public string ConnectionTime { get; }

    public int ClientId { get; }

    public Task Completion => _transport.Completion;

    public bool TrySend(ITwsRequest request) => _transport.TrySend(request);

    public void Close() => _transport.Close(null);

    public ValueTask DisposeAsync() => _transport.DisposeAsync();

    /// <summary>
    /// Opens a session: TCP connect, "API\0" + "v100..178", the server's version reply (anything but 178
    /// is refused — we implement exactly that layout), then startApi. The caller bounds the whole
    /// handshake with <paramref name="ct"/>; a server that accepts and says nothing cannot hang it.
    /// </summary>
    public static async Task<ITwsConnection> ConnectAsync(TwsConnectOptions options, Action<ITwsReply> onReply, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        TwsTransport? transport = null;
        try
        {
            await socket.ConnectAsync(options.Host, options.Port, ct).ConfigureAwait(false);
            transport = new TwsTransport(socket);

            var w = new FieldWriter();
            Handshake.WriteClientHello(w, ProtocolVersion.MinClient, ProtocolVersion.Pinned);
            await transport.WriteRawAsync(w.Written, ct).ConfigureAwait(false);

            var reply = await transport.ReadFrameAsync(ct).ConfigureAwait(false);
            var hello = Handshake.ParseServerHello(reply);
            if (hello.ServerVersion != ProtocolVersion.Pinned)
            {
                throw new TwsProtocolException(
                    $"handshake: server version {hello.ServerVersion}; this client implements exactly {ProtocolVersion.Pinned}");
            }

            var connection = new TwsClientConnection(transport, hello, options.ClientId);
            transport.StartWriter();
            transport.TrySend(new StartApi(options.ClientId, options.OptionalCapabilities));
            // A message that does not decode reaches the owner as UndecodableMessage: only framing errors end the session.
            _ = Task.Run(() => transport.RunReaderAsync((in System.Buffers.ReadOnlySequence<byte> payload) =>
                onReply(TwsCodec.DecodeReplyOrReport(payload))), CancellationToken.None);
            return connection;
        }
        catch
        {
            if (transport is not null)
            {
                await transport.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                socket.Dispose();
            }

            throw;
        }
    }
}

/// <summary>The default connector: our own client.</summary>
public sealed class TwsClientConnector : ITwsConnector
{
    public Task<ITwsConnection> ConnectAsync(TwsConnectOptions options, Action<ITwsReply> onReply, CancellationToken ct) =>
        TwsClientConnection.ConnectAsync(options, onReply, ct);
}
