using System.Collections.Immutable;
using WheelStrat.Tws.Connection;
using WheelStrat.Tws.Messages;

namespace WheelStrat.Actors.Gateway;

/// <summary>Messages of <see cref="GatewayConnectionActor"/>: what other actors ask of it and what it publishes.</summary>
public static class GatewayProtocol
{
    // ---- asked of the gateway --------------------------------------------------------------

    /// <summary>Connect now instead of waiting for the backoff timer (/health?connect=true).</summary>
    public sealed record ConnectNow { public static readonly ConnectNow Instance = new(); }

    /// <summary>
    /// Sends <paramref name="Request"/> at once or when IB's message rate allows; when it goes, the gateway
    /// allocates its id, registers the sender as the owner of every reply carrying that id, and tells the sender
    /// <see cref="RequestSent"/> — one step, so a request that never leaves the queue uses no id. Replies
    /// <see cref="RequestNotStarted"/> instead when it is not sent: not connected, 1100, the queue full, or
    /// <paramref name="NotAfter"/> (default: the gateway's OutboundQueueWait) passed while it waited.
    /// The request is data, not a delegate, so it can reach the gateway singleton on another node. Owners are
    /// normally <see cref="Requests.IbRequestActor{TResult}"/> children: the id is released when they stop.
    /// </summary>
    public sealed record SendIbRequest(Requests.IbRequest Request, DateTimeOffset? NotAfter = null);

    /// <summary>The request left for IB with this id: the owner needs it only to cancel.</summary>
    public sealed record RequestSent(int ReqId);

    /// <summary>The gateway did not send the request. Nothing reached IB.</summary>
    public sealed record RequestNotStarted(string Reason, bool DeadlinePassed = false)
    {
        /// <summary>A deadline that passed in the queue is a 504; anything else means IB cannot be asked now (503).</summary>
        public Replies.Failed ToFailure() => DeadlinePassed ? new Replies.TimedOut(Reason) : new Replies.Unavailable(Reason);
    }

    /// <summary>
    /// Sends a request that needs no new id (cancels, reqPositions, placeOrder with an allocated id), in
    /// order with the sender's other messages of its priority. It never expires in the queue: cancels and
    /// session settings must reach IB however late.
    /// </summary>
    public sealed record SendRequest(ITwsRequest Request);

    /// <summary>
    /// A long-lived owner (a market-data line, the account summary) is done with one of its subscription ids;
    /// later replies for it are dropped. Request children need not send it: their stop releases their id.
    /// </summary>
    public sealed record ReleaseRequest(int ReqId);

    /// <summary>
    /// Gives a new order the next order id (at or above <paramref name="Minimum"/>, a persisted
    /// high-water mark), registers the sender as its owner and sends placeOrder — in one step, when the
    /// message rate lets it go, so ids reach IB in increasing order whatever the senders do concurrently
    /// (IB refuses a lower id with 103) and an order that never leaves the queue uses no id.
    /// Replies <see cref="OrderIdAllocated"/> (sent) or <see cref="GatewayUnavailable"/> (nothing sent,
    /// including <paramref name="NotAfter"/> passing in the queue).
    /// </summary>
    public sealed record PlaceNewOrder(Contract Contract, Order Order, int Minimum = 0, DateTimeOffset? NotAfter = null);

    public sealed record OrderIdAllocated(int OrderId);

    /// <summary>Registers the sender as the owner of an existing order id (after a restart).</summary>
    public sealed record ClaimOrder(int OrderId);

    /// <summary>
    /// Asks for the current <see cref="GatewayConnected"/>, told to the sender only when a session is up.
    /// An actor that starts after the connect (actor start order is not connect order) subscribes first,
    /// then sends this, so it sees the session either way; <see cref="SessionWatch"/> drops the duplicate.
    /// </summary>
    public sealed record TellIfConnected { public static readonly TellIfConnected Instance = new(); }

    /// <summary>Closes the socket and reconnects (operator action, tests).</summary>
    public sealed record DropConnection(string Reason);

    /// <summary>The answer to any request while the gateway cannot take it; never stashed.</summary>
    public sealed record GatewayUnavailable(string Reason);

    // ---- published on the EventStream ------------------------------------------------------

    /// <summary>A session is up (handshake done). Generation names the session: unique for the process's life.</summary>
    public sealed record GatewayConnected(int Generation, int ClientId, int ServerVersion);

    public sealed record GatewayDisconnected(string Reason);

    /// <summary>nextValidId arrived: order ids can be allocated.</summary>
    public sealed record OrderIdsReady(int NextValidId);

    public sealed record AccountsReceived(ImmutableArray<string> Accounts);

    /// <summary>1100 (lost) and 1101/1102 (restored): while lost, no new request is sent blind.</summary>
    public sealed record IbConnectivityChanged(bool Lost);

    public enum ResubscribeReason
    {
        Reconnected,
        DataLost,
        MarketDataFarmRestored,
    }

    /// <summary>Every live subscription must be requested again, exactly once per notice.</summary>
    public sealed record ResubscribeNeeded(ResubscribeReason Reason);

    /// <summary>The latest health snapshot, published whenever it changes.</summary>
    public sealed record HealthChanged(GatewayHealth Health);

    // ---- internal --------------------------------------------------------------------------

    internal sealed record Connected(int Generation, ITwsConnection Connection);

    internal sealed record ConnectFailed(int Generation, Exception Error);

    internal sealed record Inbound(int Generation, ITwsReply Reply);

    internal sealed record ConnectionClosed(int Generation, Exception? Error);

    internal sealed record RetryTick { public static readonly RetryTick Instance = new(); }

    internal sealed record HeartbeatTick { public static readonly HeartbeatTick Instance = new(); }

    /// <summary>A whole <see cref="GatewayOptions.DecodeErrorWindow"/> passed without a message that did not decode.</summary>
    internal sealed record DecodeErrorsQuiet { public static readonly DecodeErrorsQuiet Instance = new(); }

    internal sealed record StableTick { public static readonly StableTick Instance = new(); }

    internal sealed record StartupStepOverdue(string Step);

    /// <summary>The message rate has room again for what waits in the outbound queues.</summary>
    internal sealed record ReleaseOutbound { public static readonly ReleaseOutbound Instance = new(); }
}
