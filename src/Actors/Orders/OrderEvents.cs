using WheelStrat.Tws.Messages;

namespace WheelStrat.Actors.Orders;

/// <summary>Journaled facts about one order. Stored with stable manifests; never rename a manifest.</summary>
public interface IOrderEvent : Persistence.IJournalEvent
{
    DateTimeOffset At { get; }
}

/// <summary>Validated, passed the rules, contract qualified — journaled before anything is sent.</summary>
public sealed record OrderAccepted(string Key, OrderTicket Ticket, Contract Contract, DateTimeOffset At) : IOrderEvent;

/// <summary>The IB order id this order uses; journaled before placeOrder so a restart knows what may be at IB.</summary>
public sealed record OrderIdAssigned(int OrderId, DateTimeOffset At) : IOrderEvent;

public sealed record OrderSubmitted(DateTimeOffset At) : IOrderEvent;

/// <summary>IB's orderStatus (or the status a lookup found). Journaled as the status's name, as when it was a string.</summary>
public sealed record OrderStatusReported(
    OrderStatusCode Status,
    decimal Filled,
    decimal Remaining,
    double AvgFillPrice,
    double LastFillPrice,
    long PermId,
    DateTimeOffset At) : IOrderEvent;

/// <summary>IB or the bridge refused the order (201 etc.), or a read-only gateway (321).</summary>
public sealed record OrderRejected(int Code, string Message, DateTimeOffset At) : IOrderEvent;

/// <summary>A warning that does not end the order (399, 10349, 202 on a live order, ...).</summary>
public sealed record OrderNoticed(int Code, string Message, DateTimeOffset At) : IOrderEvent;

public sealed record OrderCancelRequested(DateTimeOffset At) : IOrderEvent;

/// <summary>
/// After a restart the order was found at IB by its orderRef (or found missing and placed). OrderId
/// is null when IB did not say it: a completed order carries no orderId.
/// </summary>
public sealed record OrderReconciled(int? OrderId, string Finding, DateTimeOffset At) : IOrderEvent;

/// <summary>
/// A journaled execution of this order (matched by orderRef, or by order id): fills are the truth, so they move
/// the order even when IB sends no orderStatus for them. A correction (same execId base) replaces its original.
/// </summary>
public sealed record OrderExecutionReported(string ExecId, decimal Shares, double Price, DateTimeOffset At) : IOrderEvent;

/// <summary>
/// The first placeOrder never left the bridge (no session, 1100, the gateway's queue): the acceptance is
/// withdrawn, the caller gets 503, and the key is free again for the same order.
/// </summary>
public sealed record OrderNotSent(string Reason, DateTimeOffset At) : IOrderEvent;
