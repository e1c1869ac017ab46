using WheelStrat.Tws.Messages;

namespace WheelStrat.Tws.Connection;

/// <summary>
/// The seam between the actor layer and a TWS client implementation: one live API session.
/// Everything is non-blocking — an actor can own it without ever awaiting.
/// </summary>
public interface ITwsConnection : IAsyncDisposable
{
    int ServerVersion { get; }

    /// <summary>The server's connection time text, as the handshake gave it.</summary>
    string ConnectionTime { get; }

    int ClientId { get; }

    /// <summary>Queues a request; false if the session has closed.</summary>
    bool TrySend(ITwsRequest request);

    /// <summary>Completes when the session ends: normally on a clean close, faulted on a framing or socket error.</summary>
    Task Completion { get; }

    /// <summary>Closes the socket cleanly (idempotent).</summary>
    void Close();
}

/// <summary>Opens sessions. The gateway actor is the only caller.</summary>
public interface ITwsConnector
{
    /// <summary>
    /// Connects, completes the handshake and sends startApi. Replies are handed to
    /// <paramref name="onReply"/> on the reader loop, in wire order; it must not block. A whole frame whose
    /// fields do not decode arrives as <see cref="Messages.Replies.UndecodableMessage"/> and the session reads on.
    /// </summary>
    Task<ITwsConnection> ConnectAsync(TwsConnectOptions options, Action<ITwsReply> onReply, CancellationToken ct);
}

public sealed record TwsConnectOptions(string Host, int Port, int ClientId)
{
    public string OptionalCapabilities { get; init; } = "";
}
