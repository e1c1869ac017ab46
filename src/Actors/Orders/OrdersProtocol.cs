using System.Diagnostics;
using WheelStrat.Actors.Replies;
using WheelStrat.Actors.Contracts;
using WheelStrat.Tws.Messages;

namespace WheelStrat.Actors.Orders;

/// <summary>
/// What /orders shows of one order. <paramref name="Uncertain"/>: not final, and IB has said nothing about it in
/// this session (the connection dropped, or no answer to its placeOrder) — its status may be out of date until
/// the bridge's lookup at IB settles it; <paramref name="UncertainSince"/> says since when.
/// </summary>
public sealed record OrderView(
    string IdempotencyKey,
    int? OrderId,
    string Status,
    string Symbol,
    string SecType,
    string? Expiration,
    decimal? Strike,
    string? Right,
    string Action,
    decimal Quantity,
    string OrderType,
    decimal? LimitPrice,
    string Tif,
    decimal Filled,
    decimal Remaining,
    double AvgFillPrice,
    int ConId,
    string? LocalSymbol,
    int? ErrorCode,
    string? ErrorMessage,
    IReadOnlyList<string> Notices,
    bool Final,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    bool Uncertain,
    DateTimeOffset? UncertainSince,
    decimal? RequestedLimitPrice)
{
    public static OrderView Of(OrderState r, DateTimeOffset? uncertainSince = null) => new(
        r.Key, r.OrderId, r.Status.ToWire(), r.Ticket!.Spec.Symbol, r.Ticket.Spec.SecType, r.Ticket.Spec.Expiration, r.Ticket.Spec.Strike,
        r.Ticket.Spec.Right, r.Ticket.Action, r.Ticket.Quantity, r.Ticket.OrderType, r.Ticket.LimitPrice, r.Ticket.Tif,
        r.Filled, r.Remaining, r.AvgFillPrice, r.Contract?.ConId ?? 0, r.Contract?.LocalSymbol, r.ErrorCode, r.ErrorMessage,
        r.Notices, r.IsFinal, r.CreatedAt, r.UpdatedAt, uncertainSince is not null && !r.IsFinal, r.IsFinal ? null : uncertainSince,
        r.Ticket.RequestedLimitPrice);

    /// <summary>IB has the order and said so: a status past PendingSubmit (201 for a new order).</summary>
    public bool AcceptedByIb => Status is "PreSubmitted" or "Submitted" or "PartiallyFilled" or "PendingCancel" or "Filled" or "Cancelled" or "ApiCancelled";
}

public static class OrdersProtocol
{
    /// <summary>
    /// Past <paramref name="NotAfter"/> nothing is journaled or sent (TimedOut); the first placeOrder leaves the bridge
    /// by then or not at all.
    /// </summary>
    public sealed record PlaceOrder(string IdempotencyKey, OrderTicket Ticket, NotAfter NotAfter) : IAsk<PlaceOrderReply>;

    public abstract record PlaceOrderReply : IClosedReply<PlaceOrderReply>
    {
        private PlaceOrderReply()
        {
        }

        public static PlaceOrderReply Failing(Failed failed) => new Failure(failed);

        public T Match<T>(Func<Placed, T> placed, Func<KeyConflict, T> keyConflict, Func<Failure, T> failure) => this switch
        {
            Placed p => placed(p),
            KeyConflict c => keyConflict(c),
            Failure f => failure(f),
            _ => throw new UnreachableException(),
        };

        /// <summary>The order as IB last reported it; <paramref name="Existing"/>: the key was seen before with the same ticket (nothing new was sent).</summary>
        public sealed record Placed(OrderView Order, bool Existing) : PlaceOrderReply;

        /// <summary>The key is taken by a different ticket (409).</summary>
        public sealed record KeyConflict(string IdempotencyKey, OrderView Existing) : PlaceOrderReply;

        /// <summary>Refused before it was sent (a rule, IB's contract lookup, no session, the deadline) or not sent at all.</summary>
        public sealed record Failure(Failed Reason) : PlaceOrderReply;
    }

    /// <summary>Everything but placing: contract, quote, each rule's verdict and IB's what-if.</summary>
    public sealed record PreviewOrder(OrderTicket Ticket, NotAfter NotAfter) : IAsk<PreviewOrderReply>;

    public abstract record PreviewOrderReply : IClosedReply<PreviewOrderReply>
    {
        private PreviewOrderReply()
        {
        }

        public static PreviewOrderReply Failing(Failed failed) => new Failure(failed);

        public T Match<T>(Func<Previewed, T> previewed, Func<Failure, T> failure) => this switch
        {
            Previewed p => previewed(p),
            Failure f => failure(f),
            _ => throw new UnreachableException(),
        };

        public sealed record Previewed(OrderPreview Preview) : PreviewOrderReply;

        public sealed record Failure(Failed Reason) : PreviewOrderReply;
    }

    /// <summary>By IB order id or idempotency key; NotFound for neither.</summary>
    public sealed record GetOrder(string IdOrKey, NotAfter NotAfter) : IAsk<GetOrderReply>;

    public abstract record GetOrderReply : IClosedReply<GetOrderReply>
    {
        private GetOrderReply()
        {
        }

        public static GetOrderReply Failing(Failed failed) => new Failure(failed);

        public T Match<T>(Func<Found, T> found, Func<Failure, T> failure) => this switch
        {
            Found o => found(o),
            Failure f => failure(f),
            _ => throw new UnreachableException(),
        };

        public sealed record Found(OrderView Order) : GetOrderReply;

        public sealed record Failure(Failed Reason) : GetOrderReply;
    }

    /// <summary>
    /// Newest first (ties by key, so pages are stable); <paramref name="Final"/> true/false keeps only final/working
    /// orders; only those after the order <paramref name="Before"/> in that order; at most <paramref name="Limit"/>.
    /// NotFound when <paramref name="Before"/> names no order.
    /// </summary>
    public sealed record GetOrders(NotAfter NotAfter, bool? Final = null, int? Limit = null, string? Before = null) : IAsk<OrderListReply>;

    public abstract record OrderListReply : IClosedReply<OrderListReply>
    {
        private OrderListReply()
        {
        }

        public static OrderListReply Failing(Failed failed) => new Failure(failed);

        public T Match<T>(Func<Listed, T> listed, Func<Failure, T> failure) => this switch
        {
            Listed l => listed(l),
            Failure f => failure(f),
            _ => throw new UnreachableException(),
        };

        public sealed record Listed(IReadOnlyList<OrderView> Orders) : OrderListReply;

        public sealed record Failure(Failed Reason) : OrderListReply;
    }

    /// <summary>Past its deadline nothing is sent.</summary>
    public sealed record CancelOrder(string IdOrKey, NotAfter NotAfter) : IAsk<CancelOrderReply>;

    public abstract record CancelOrderReply : IClosedReply<CancelOrderReply>
    {
        private CancelOrderReply()
        {
        }

        public static CancelOrderReply Failing(Failed failed) => new Failure(failed);

        public T Match<T>(Func<CancelSent, T> cancelSent, Func<AlreadyFinal, T> alreadyFinal, Func<Failure, T> failure) => this switch
        {
            CancelSent s => cancelSent(s),
            AlreadyFinal a => alreadyFinal(a),
            Failure f => failure(f),
            _ => throw new UnreachableException(),
        };

        /// <summary>The cancel is journaled and on its way to IB: the order's view as of then.</summary>
        public sealed record CancelSent(OrderView Order) : CancelOrderReply;

        /// <summary>Filled, cancelled or rejected already (409).</summary>
        public sealed record AlreadyFinal(OrderView Order) : CancelOrderReply;

        /// <summary>No such order, or it has not reached IB yet.</summary>
        public sealed record Failure(Failed Reason) : CancelOrderReply;
    }

    // ---- between the index, the reconciler and the order entities ----------------------------

    /// <summary>A new order's key is journaled in the index; the entity gets the request with the id floor.</summary>
    internal sealed record Place(PlaceOrder Order, int OrderIdFloor);

    /// <summary>The index starts every known order after a restart: unfinished ones reconcile, all of them (live ones too) report their view.</summary>
    internal sealed record WakeUp(int OrderIdFloor);

    internal sealed record OrderChanged(OrderView View);

    /// <summary>Orders whose place at IB is unknown, for the reconciler to look up.</summary>
    internal sealed record Reconcile(IReadOnlyCollection<string> Keys);

    /// <summary>The order's first placeOrder never left the bridge: its acceptance is withdrawn and the key is free.</summary>
    internal sealed record OrderWithdrawn(string Key);

    /// <summary>A journaled execution whose orderRef is this order's key.</summary>
    internal sealed record ExecutionObserved(string ExecId, decimal Shares, double Price);

    /// <summary>An order asks for IB's open orders; the reconciler sends every such request so it can count their ends.</summary>
    internal sealed record RefreshOpenOrders { public static readonly RefreshOpenOrders Instance = new(); }

    /// <summary>Where a lookup found an order at IB.</summary>
    internal enum IbOrderPlace
    {
        /// <summary>Not open, not among the day's completed orders, no execution: it never arrived.</summary>
        NotAtIb,

        /// <summary>An open order: it is still working (and may be partly filled).</summary>
        Working,

        /// <summary>Among the day's completed orders: filled, cancelled or rejected (Inactive).</summary>
        Completed,

        /// <summary>Only executions name it (neither list does): it traded at least that much.</summary>
        ExecutedOnly,
    }

    /// <summary>
    /// What IB knows of one order: its status there and the quantity IB filled (with the average and
    /// last fill price). OrderId is null when IB did not say it (a completed order without executions).
    /// </summary>
    internal sealed record ReconcileFinding(
        IbOrderPlace Where,
        int? OrderId,
        long PermId,
        OrderStatusCode Status,
        decimal Filled,
        double AvgFillPrice,
        double LastFillPrice,
        string Detail)
    {
        public static readonly ReconcileFinding NotAtIb = new(IbOrderPlace.NotAtIb, null, 0, OrderStatusCode.Unknown, 0, 0, 0, "");
    }

    internal sealed record SubmitWaitOver { public static readonly SubmitWaitOver Instance = new(); }

    /// <summary>
    /// The shard's stop message: an idle order asked to passivate; from then on the shard holds that order's
    /// messages and starts a new incarnation for them once this one has stopped.
    /// </summary>
    internal sealed record StopNow { public static readonly StopNow Instance = new(); }
}
