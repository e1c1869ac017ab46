using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using WheelStrat.Tws.Codec;
using WheelStrat.Tws.Connection;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Replies;
using WheelStrat.Tws.Messages.Requests;
using WheelStrat.Tws.Tests.Support;
using WheelStrat.Tws.Wire;

namespace WheelStrat.Tws.Tests.Connection;

/// <summary>Our client and a minimal test server over real loopback TCP.</summary>
public sealed class LoopbackSpecs : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Channel<ITwsReply> _replies = Channel.CreateUnbounded<ITwsReply>();

    private int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Task InitializeAsync()
    {
        _listener.Start();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _listener.Stop();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Client_and_server_complete_the_handshake_and_exchange_frames()
    {
        using var cts = new CancellationTokenSource(Patience);
        var serverSide = RunServerAsync(async (session, requests) =>
        {
            var startApi = Assert.IsType<StartApi>(await requests.ReadAsync(cts.Token));
            Assert.Equal(42, startApi.ClientId);
            session.TrySend(new ManagedAccounts("DU1234567"));
            session.TrySend(new NextValidId(1000));

            Assert.IsType<ReqCurrentTime>(await requests.ReadAsync(cts.Token));
            session.TrySend(new CurrentTime(1_790_000_000));

            var mkt = Assert.IsType<ReqMktData>(await requests.ReadAsync(cts.Token));
            session.TrySend(new TickPrice(mkt.ReqId, 1, 189.5, 300));
        }, cts.Token);

        await using var client = await TwsClientConnection.ConnectAsync(new TwsConnectOptions("127.0.0.1", Port, 42), Collect, cts.Token);
        Assert.Equal(178, client.ServerVersion);
        Assert.Equal("20261128 09:30:00 EST", client.ConnectionTime);

        Assert.Equal(new ManagedAccounts("DU1234567"), await _replies.Reader.ReadAsync(cts.Token));
        Assert.Equal(new NextValidId(1000), await _replies.Reader.ReadAsync(cts.Token));
        Assert.True(client.TrySend(new ReqCurrentTime()));
        Assert.Equal(new CurrentTime(1_790_000_000), await _replies.Reader.ReadAsync(cts.Token));
        Assert.True(client.TrySend(new ReqMktData(7, Contract.Stock("AAPL"), "100,101,104,106")));
        Assert.Equal(new TickPrice(7, 1, 189.5, 300), await _replies.Reader.ReadAsync(cts.Token));
        await serverSide;
    }

    [Fact]
    public async Task Frames_split_across_many_small_reads_are_reassembled()
    {
        using var cts = new CancellationTokenSource(Patience);
        ITwsReply[] sent =
        [
            new ManagedAccounts("DU1234567"),
            new NextValidId(1),
            new ErrMsg(-1, 2104, "Market data farm connection is OK:usfarm"),
            new TickPrice(3, 2, 101.25, 500),
        ];
        var server = Task.Run(async () =>
        {
            using var socket = await _listener.AcceptSocketAsync(cts.Token);
            await ReadClientHelloAsync(socket, cts.Token);
            var w = new FieldWriter();
            Handshake.WriteServerHello(w, 178, "20261128 09:30:00 EST");
            foreach (var message in sent)
            {
                TwsCodec.Encode(w, message);
            }

            // One byte per write, with a pause, so the client's pipe sees every possible split.
            foreach (var b in w.Written.ToArray())
            {
                await socket.SendAsync(new[] { b }, cts.Token);
                await Task.Delay(1, CancellationToken.None);
            }
        }, CancellationToken.None);

        await using var client = await TwsClientConnection.ConnectAsync(new TwsConnectOptions("127.0.0.1", Port, 1), Collect, cts.Token);
        foreach (var expected in sent)
        {
            Assert.Equal(expected, await _replies.Reader.ReadAsync(cts.Token));
        }

        await server;
    }

    [Fact]
    public async Task A_server_below_the_pinned_version_is_refused()
    {
        using var cts = new CancellationTokenSource(Patience);
        var server = Task.Run(async () =>
        {
            using var socket = await _listener.AcceptSocketAsync(cts.Token);
            await ReadClientHelloAsync(socket, cts.Token);
            await socket.SendAsync(Frames.Of("176", "20261128 09:30:00 EST"), cts.Token);
        }, cts.Token);

        var ex = await Assert.ThrowsAsync<TwsProtocolException>(() =>
            TwsClientConnection.ConnectAsync(new TwsConnectOptions("127.0.0.1", Port, 1), Collect, cts.Token));
        Assert.Contains("176", ex.Message, StringComparison.Ordinal);
        await server;
    }

    [Fact]
    public async Task A_server_that_accepts_and_never_answers_cannot_hang_the_connect()
    {
        using var hold = new CancellationTokenSource(Patience);
        var server = Task.Run(async () =>
        {
            using var socket = await _listener.AcceptSocketAsync(hold.Token);
            await Task.Delay(Timeout.Infinite, hold.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }, hold.Token);

        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            TwsClientConnection.ConnectAsync(new TwsConnectOptions("127.0.0.1", Port, 1), Collect, deadline.Token));
        hold.Cancel();
        await server;
    }

    [Fact]
    public async Task A_message_that_does_not_decode_is_reported_and_the_frames_after_it_arrive()
    {
        using var cts = new CancellationTokenSource(Patience);
        var serverSide = RunServerAsync(async (session, requests) =>
        {
            await requests.ReadAsync(cts.Token);
            session.TrySend(new NextValidId(5));
            session.TrySendRaw(Frames.Of("1", "6", "7", "1", "NaNx", "1", "0"));   // tickPrice: price not a number
            session.TrySendRaw(Frames.Of("1", "6", "7"));                           // tickPrice: fields missing
            session.TrySendRaw(Frames.Of());                                         // an empty frame
            session.TrySendRaw(Frames.Of("x1", "garbage"));                          // no message id
            session.TrySend(new TickPrice(7, 1, 189.5, 300));
            Assert.IsType<ReqCurrentTime>(await requests.ReadAsync(cts.Token));
            session.TrySend(new CurrentTime(1_790_000_000));
        }, cts.Token);

        await using var client = await TwsClientConnection.ConnectAsync(new TwsConnectOptions("127.0.0.1", Port, 1), Collect, cts.Token);
        Assert.Equal(new NextValidId(5), await _replies.Reader.ReadAsync(cts.Token));
        var badField = Assert.IsType<UndecodableMessage>(await _replies.Reader.ReadAsync(cts.Token));
        Assert.Equal(1, badField.MessageId);
        Assert.Contains("field 4: not a valid double", badField.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("NaNx", badField.Reason, StringComparison.Ordinal);
        var truncated = Assert.IsType<UndecodableMessage>(await _replies.Reader.ReadAsync(cts.Token));
        Assert.Equal((1, 6), (truncated.MessageId, truncated.Length));
        Assert.Contains("ended early", truncated.Reason, StringComparison.Ordinal);
        Assert.Equal(new UndecodableMessage(null, "field 0: the message ended early", 0), await _replies.Reader.ReadAsync(cts.Token));
        Assert.Null(Assert.IsType<UndecodableMessage>(await _replies.Reader.ReadAsync(cts.Token)).MessageId);
        Assert.Equal(new TickPrice(7, 1, 189.5, 300), await _replies.Reader.ReadAsync(cts.Token));

        // The server waits for our request: the session is still the same one, both ways.
        Assert.False(client.Completion.IsCompleted);
        Assert.True(client.TrySend(new ReqCurrentTime()));
        Assert.Equal(new CurrentTime(1_790_000_000), await _replies.Reader.ReadAsync(cts.Token));
        await serverSide;
    }

    [Theory]
    [InlineData(ProtocolVersion.MaxFrameLength + 1)]
    [InlineData(int.MaxValue)]
    [InlineData(-5)]
    public async Task An_impossible_length_prefix_faults_the_connection_and_nothing_else(int length)
    {
        using var cts = new CancellationTokenSource(Patience);
        var serverSide = RunServerAsync(async (session, requests) =>
        {
            await requests.ReadAsync(cts.Token);
            session.TrySend(new NextValidId(5));
            var prefix = new byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(prefix, length);
            session.TrySendRaw(prefix);
            await session.Completion;
        }, cts.Token);

        await using var client = await TwsClientConnection.ConnectAsync(new TwsConnectOptions("127.0.0.1", Port, 1), Collect, cts.Token);
        Assert.Equal(new NextValidId(5), await _replies.Reader.ReadAsync(cts.Token));
        var error = await Assert.ThrowsAsync<TwsProtocolException>(() => client.Completion.WaitAsync(cts.Token));
        Assert.Contains("frame length", error.Message, StringComparison.Ordinal);
        Assert.False(client.TrySend(new ReqCurrentTime()));
        await serverSide;
    }

    [Fact]
    public async Task A_clean_close_by_the_client_is_seen_as_a_clean_end_by_the_server()
    {
        using var cts = new CancellationTokenSource(Patience);
        var serverSide = RunServerAsync(async (session, requests) =>
        {
            await requests.ReadAsync(cts.Token);
            await session.Completion.WaitAsync(cts.Token);
            Assert.True(session.Completion.IsCompletedSuccessfully);
        }, cts.Token);

        var client = await TwsClientConnection.ConnectAsync(new TwsConnectOptions("127.0.0.1", Port, 1), Collect, cts.Token);
        await client.DisposeAsync();
        await serverSide;
    }

    private void Collect(ITwsReply reply) => _replies.Writer.TryWrite(reply);

    /// <summary>A minimal test server: one session through the codec's server side.</summary>
    private Task RunServerAsync(Func<TwsServerSession, ChannelReader<ITwsRequest>, Task> script, CancellationToken ct) => Task.Run(async () =>
    {
        var socket = await _listener.AcceptSocketAsync(ct);
        await using var session = new TwsServerSession(socket);
        var hello = await session.ReadClientHelloAsync(ct);
        Assert.True(hello.Accepts(178));
        await session.AcceptAsync(178, "20261128 09:30:00 EST", ct);
        var requests = Channel.CreateUnbounded<ITwsRequest>();
        _ = session.RunAsync(r => requests.Writer.TryWrite(r));
        await script(session, requests.Reader);
    }, ct);

    private static async Task ReadClientHelloAsync(Socket socket, CancellationToken ct)
    {
        // "API\0" + 4-byte length + "v100..178".
        var buffer = new byte[4 + 4 + 9];
        var read = 0;
        while (read < buffer.Length)
        {
            read += await socket.ReceiveAsync(buffer.AsMemory(read), ct);
        }
    }
}
