using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using WheelStrat.Tws.Codec;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Requests;
using WheelStrat.Tws.Wire;

namespace WheelStrat.Simulator.Tests.Support;

/// <summary>
/// A client that reads what the simulator sends as raw frames split into text fields, without our
/// decoder, so a test can check field positions against IB's published lists.
/// </summary>
public sealed class RawClient : IDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private RawClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket);
    }

    public static async Task<RawClient> ConnectAsync(int port, int clientId)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", port);
        var client = new RawClient(socket);
        var w = new FieldWriter();
        Handshake.WriteClientHello(w, 100, 178);
        await client._stream.WriteAsync(w.Written);
        var hello = await client.NextFrameAsync();
        Assert.Equal("178", hello[0]);
        client.Send(new StartApi(clientId));
        return client;
    }

    /// <summary>Requests go out through our encoder (its bytes are pinned by the codec's golden tests).</summary>
    public void Send(ITwsRequest request)
    {
        var w = new FieldWriter();
        TwsCodec.Encode(w, request);
        _stream.Write(w.Written.Span);
    }

    /// <summary>The next frame's fields; field 0 is the message id.</summary>
    public async Task<string[]> NextFrameAsync()
    {
        using var deadline = new CancellationTokenSource(SimClient.Patience);
        var header = new byte[4];
        await _stream.ReadExactlyAsync(header, deadline.Token);
        var payload = new byte[BinaryPrimitives.ReadInt32BigEndian(header)];
        await _stream.ReadExactlyAsync(payload, deadline.Token);
        var fields = Encoding.ASCII.GetString(payload).Split('\0');
        return fields[..^1]; // every field ends with NUL: the last element is empty
    }

    /// <summary>Only the next length prefix: a broken one must not make the test allocate what it claims.</summary>
    public async Task<int> NextLengthPrefixAsync()
    {
        using var deadline = new CancellationTokenSource(SimClient.Patience);
        var header = new byte[4];
        await _stream.ReadExactlyAsync(header, deadline.Token);
        return BinaryPrimitives.ReadInt32BigEndian(header);
    }

    /// <summary>Skips frames until one with message id <paramref name="messageId"/> matches.</summary>
    public async Task<string[]> ExpectAsync(int messageId, Func<string[], bool>? match = null)
    {
        while (true)
        {
            var frame = await NextFrameAsync();
            if (frame[0] == messageId.ToString(System.Globalization.CultureInfo.InvariantCulture) && (match is null || match(frame)))
            {
                return frame;
            }
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        _socket.Dispose();
    }
}
