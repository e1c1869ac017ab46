using WheelStrat.Actors.MarketData;
using WheelStrat.Tws.Messages;
using static WheelStrat.Actors.Orders.OrdersProtocol;

namespace WheelStrat.Actors.Orders;

/// <summary>What is asked of one order, as <see cref="OrderState.Decide"/> sees it: the actor turns its messages into these.</summary>
internal interface IOrderCommand;

internal static class OrderCommand
{
    /// <summary>A placeOrder request under this key; <paramref name="CallersWaiting"/>: an earlier one still waits for IB's answer.</summary>
    public sealed record Place(OrderTicket Ticket, bool CallersWaiting, DateTimeOffset? UncertainSince) : IOrderCommand;

    /// <summary>The quote and the contract are in: the rules decide whether the order is accepted (journaled) or refused.</summary>
    public sealed record Accept(string Key, OrderTicket Ticket, Contract Contract, QuoteSnapshot? Quote, SafetyOptions Safety, DateTimeOffset Now) : IOrderCommand;

    /// <summary>The gateway gave the placeOrder an id and sent it.</summary>
    public sealed record Sent(int OrderId, DateTimeOffset Now) : IOrderCommand;

    /// <summary>The gateway could not send the placeOrder; <paramref name="CallerWaiting"/>: a caller waits on this first send.</summary>
    public sealed record NotSent(string Reason, bool CallerWaiting, DateTimeOffset Now) : IOrderCommand;

    /// <summary>IB's orderStatus.</summary>
    public sealed record ReportStatus(OrderStatusCode Status, decimal Filled, decimal Remaining, double AvgFillPrice, double LastFillPrice, long PermId, DateTimeOffset Now) : IOrderCommand;

    /// <summary>IB's error message for this order's id.</summary>
    public sealed record ReportError(int Code, string Message, DateTimeOffset Now) : IOrderCommand;

    /// <summary>An execution whose orderRef (or order id) is this order.</summary>
    public sealed record ReportExecution(string ExecId, decimal Shares, double Price, DateTimeOffset Now) : IOrderCommand;

    public sealed record Cancel(DateTimeOffset Now) : IOrderCommand;

    /// <summary>
    /// What a lookup at IB found. <paramref name="Asked"/>: the lookup this order asked for after a restart;
    /// <paramref name="Sending"/>: its placeOrder is still with the gateway, so IB's lists cannot hold it yet.
    /// </summary>
    public sealed record Reconciled(ReconcileFinding Finding, bool Asked, bool Sending, DateTimeOffset Now) : IOrderCommand;
}

/// <summary>What the actor does besides journaling and replying.</summary>
[Flags]
internal enum OrderEffect
{
    None = 0,

    /// <summary>No order under this key: check the rules, the quote and the contract.</summary>
    Check = 1,

    /// <summary>The caller waits for IB's answer with the callers before it.</summary>
    Wait = 2,

    /// <summary>(Again) hand the placeOrder to the gateway: the first time, after 103, or when a lookup proved it never arrived.</summary>
    Send = 4,

    /// <summary>Send IB the cancelOrder.</summary>
    SendCancel = 8,

    /// <summary>What IB knows of this order is unknown until the next lookup.</summary>
    Uncertain = 16,

    /// <summary>IB has the order under its id: statuses for that id come to this order.</summary>
    Claim = 32,

    /// <summary>Ask IB for its open orders again so the statuses of a newly claimed order arrive.</summary>
    RefreshOpenOrders = 64,

    /// <summary>IB said where the order is: it is no longer uncertain.</summary>
    Heard = 128,
}

/// <summary>
/// The answer to a command: a reply for the caller (if any: the closed reply of the request, or the Failed of a refused
/// acceptance, which the actor gives every caller waiting to place), the events to journal, and what else to do.
/// </summary>
internal sealed record OrderDecision(object? Reply, IReadOnlyList<IOrderEvent> Events, OrderEffect Effects = OrderEffect.None)
{
    public static readonly OrderDecision Nothing = new(null, []);

    public bool Has(OrderEffect effect) => (Effects & effect) == effect;

    public void Deconstruct(out object? reply, out IReadOnlyList<IOrderEvent> events) => (reply, events) = (Reply, Events);
}
