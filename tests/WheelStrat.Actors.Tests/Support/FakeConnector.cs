using System.Collections.Concurrent;
using System.Net.Sockets;
using WheelStrat.Tws.Connection;
using WheelStrat.Tws.Messages;

namespace WheelStrat.Actors.Tests.Support;

/// <summary>
/// Stands in for the TWS client: each connect attempt is recorded and answered by a script
/// (refuse, or hand out a <see cref="FakeConnection"/> the test drives).
/// </summary>
public sealed class FakeConnector : ITwsConnector
{
    private readonly ConcurrentQueue<Func<TwsConnectOptions, bool>> _script = new();

    public BlockingCollection<FakeConnection> Sessions { get; } = [];

    public ConcurrentQueue<TwsConnectOptions> Attempts { get; } = new();

    /// <summary>When the script is empty: accept (true) or refuse (false).</summary>
    public bool AcceptByDefault { get; set; } = true;

    public void RefuseNext(int count = 1)
    {
        for (var i = 0; i < count; i++)
        {
            _script.Enqueue(_ => false);
        }
    }

    public Task<ITwsConnection> ConnectAsync(TwsConnectOptions options, Action<ITwsReply> onReply, CancellationToken ct)
    {
        Attempts.Enqueue(options);
        var accept = _script.TryDequeue(out var step) ? step(options) : AcceptByDefault;
        if (!accept)
        {
            return Task.FromException<ITwsConnection>(new SocketException((int)SocketError.ConnectionRefused));
        }

        var session = new FakeConnection(options.ClientId, onReply);
        Sessions.Add(session, ct);
        return Task.FromResult<ITwsConnection>(session);
    }

    public FakeConnection NextSession(TimeSpan? wait = null) =>
        Sessions.TryTake(out var s, wait ?? TimeSpan.FromSeconds(10)) ? s : throw new TimeoutException("no connect attempt");
}

public sealed class FakeConnection(int clientId, Action<ITwsReply> onReply) : ITwsConnection
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public BlockingCollection<ITwsRequest> Sent { get; } = [];

    public int ServerVersion => 178;

    public string ConnectionTime => "20261128 09:30:00 EST";

    public int ClientId { get; } = clientId;

    public Task Completion => _completion.Task;

    public bool IsClosed => _completion.Task.IsCompleted;

    public bool TrySend(ITwsRequest request)
    {
        if (IsClosed)
        {
            return false;
        }

        Sent.Add(request);
        return true;
    }

    /// <summary>The gateway sends a message.</summary>
    public void Reply(ITwsReply reply) => onReply(reply);

    /// <summary>The gateway closes the socket.</summary>
    public void CloseFromServer() => _completion.TrySetResult();

    public void Close() => _completion.TrySetResult();

    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }

    public T Expect<T>(TimeSpan? wait = null)
        where T : ITwsRequest
    {
        var deadline = DateTime.UtcNow + (wait ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            if (Sent.TryTake(out var r, TimeSpan.FromMilliseconds(50)) && r is T match)
            {
                return match;
            }
        }

        throw new TimeoutException($"no {typeof(T).Name} sent");
    }
}
