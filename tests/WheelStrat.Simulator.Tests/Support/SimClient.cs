using System.Threading.Channels;
using WheelStrat.Tws.Connection;
using WheelStrat.Tws.Messages;

namespace WheelStrat.Simulator.Tests.Support;

/// <summary>Our codec's client connected to the simulator over loopback, with a mailbox to assert on.</summary>
public sealed class SimClient : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly Channel<ITwsReply> _replies;

    private SimClient(ITwsConnection connection, Channel<ITwsReply> replies)
    {
        Connection = connection;
        _replies = replies;
    }

    public ITwsConnection Connection { get; }

    public static async Task<SimClient> ConnectAsync(int port, int clientId = 1)
    {
        var replies = Channel.CreateUnbounded<ITwsReply>();
        using var deadline = new CancellationTokenSource(Patience);
        var connection = await TwsClientConnection.ConnectAsync(new TwsConnectOptions("127.0.0.1", port, clientId), r => replies.Writer.TryWrite(r), deadline.Token);
        return new SimClient(connection, replies);
    }

    public void Send(ITwsRequest request) => Assert.True(Connection.TrySend(request), $"could not send {request.GetType().Name}");

    /// <summary>The next reply of type <typeparamref name="T"/> matching <paramref name="match"/>; others are skipped.</summary>
    public async Task<T> ExpectAsync<T>(Func<T, bool>? match = null, TimeSpan? within = null)
        where T : ITwsReply
    {
        using var deadline = new CancellationTokenSource(within ?? Patience);
        try
        {
            while (true)
            {
                var reply = await _replies.Reader.ReadAsync(deadline.Token);
                if (reply is T t && (match is null || match(t)))
                {
                    return t;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no {typeof(T).Name} within {(within ?? Patience).TotalSeconds:0.#}s");
        }
    }

    /// <summary>Everything up to and including the first <typeparamref name="TEnd"/> matching.</summary>
    public async Task<List<ITwsReply>> CollectUntilAsync<TEnd>(Func<TEnd, bool> end)
        where TEnd : ITwsReply
    {
        var all = new List<ITwsReply>();
        using var deadline = new CancellationTokenSource(Patience);
        while (true)
        {
            var reply = await _replies.Reader.ReadAsync(deadline.Token);
            all.Add(reply);
            if (reply is TEnd e && end(e))
            {
                return all;
            }
        }
    }

    /// <summary>True if nothing at all arrives for <paramref name="quiet"/>.</summary>
    public async Task<bool> StaysQuietAsync(TimeSpan quiet)
    {
        using var deadline = new CancellationTokenSource(quiet);
        try
        {
            await _replies.Reader.ReadAsync(deadline.Token);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
