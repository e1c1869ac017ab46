using System.Collections.Immutable;
using WheelStrat.Tws.Messages;
using Trade = WheelStrat.Actors.Executions.Trade;

namespace WheelStrat.Actors.Orders;

/// <summary>
/// One order's state, rebuilt from its events. The rules about IB's statuses live here, testable
/// without a journal: PendingCancel can still fill; Inactive is not final by itself; warnings are not
/// cancellations; statuses can repeat or arrive out of order, so filled quantity never goes back and
/// a repeated Filled does not move the average price.
/// </summary>
public sealed record OrderRecord
{
    public static readonly OrderRecord Empty = new();

    public string Key { get; init; } = "";
    public OrderTicket? Ticket { get; init; }
    public Contract? Contract { get; init; }
    public int? OrderId { get; init; }
    public bool Submitted { get; init; }
    public string Status { get; init; } = "New";
    public decimal Filled { get; init; }
    public decimal Remaining { get; init; }
    public double AvgFillPrice { get; init; }
    public double LastFillPrice { get; init; }
    public long PermId { get; init; }
    public int? ErrorCode { get; init; }
    public string? ErrorMessage { get; init; }
    public ImmutableList<string> Notices { get; init; } = [];
    public bool CancelRequested { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>This order's executions by execId base (a correction replaces what it corrects).</summary>
    public ImmutableDictionary<string, OrderExecutionReported> Executions { get; init; } = ImmutableDictionary<string, OrderExecutionReported>.Empty;

    /// <summary>When IB last said anything about this order (a status, a fill, a lookup that found it).</summary>
    public DateTimeOffset? LastHeardAt { get; init; }

    public bool Exists => Ticket is not null;

    public bool IsFinal => Status is "Filled" or "Cancelled" or "ApiCancelled" or "Rejected";

    /// <summary>Accepted but no word from IB yet: after a crash it may or may not be at IB, so it is looked up, not resent blindly.</summary>
    public bool NeedsReconciliation => Exists && !IsFinal && Status is "New" or "PendingSubmit";

    /// <summary>IB said it has the order: a status past PendingSubmit, a fill, or a lookup that found it.</summary>
    public bool AcknowledgedByIb => LastHeardAt is not null && Status is not ("New" or "PendingSubmit");

    public OrderRecord Apply(IOrderEvent e) => (e switch
    {
        OrderAccepted a => this with
        {
            Key = a.Key, Ticket = a.Ticket, Contract = a.Contract, Remaining = a.Ticket.Quantity, CreatedAt = a.At,
            Status = "New",
        },
        OrderIdAssigned id => this with { OrderId = id.OrderId },
        OrderSubmitted => this with { Submitted = true, Status = Status == "New" ? "PendingSubmit" : Status },
        OrderStatusReported s => ApplyStatus(s) with { LastHeardAt = s.At },
        OrderExecutionReported x => ApplyExecution(x) with { LastHeardAt = x.At },
        OrderNotSent => Empty with { Key = Key },
        OrderRejected r => IsFinal && Status != "Rejected" ? this : this with { Status = "Rejected", ErrorCode = r.Code, ErrorMessage = r.Message },
        OrderNoticed n => this with { Notices = Notices.Add($"{n.Code}: {n.Message}") },
        OrderCancelRequested => this with { CancelRequested = true },
        OrderReconciled r => this with { OrderId = r.OrderId ?? OrderId, Submitted = true, Notices = Notices.Add($"reconciled: {r.Finding}"), LastHeardAt = r.At },
        _ => this,
    }) with { UpdatedAt = e.At };

    /// <summary>
    /// The executions' total beats a status that says less: IB can fill an order and never send the orderStatus
    /// (a drop, a missed message). The status that follows with the same quantity still gives IB's average.
    /// </summary>
    private OrderRecord ApplyExecution(OrderExecutionReported x)
    {
        var key = Trade.Base(x.ExecId);
        var corrects = Executions.TryGetValue(key, out var prior) && prior.ExecId != x.ExecId;
        var executions = Executions.SetItem(key, x);
        var next = this with { Executions = executions };
        var shares = executions.Values.Sum(v => v.Shares);
        if (shares < Filled || Ticket is not { } ticket || shares == 0)
        {
            return next;
        }

        var average = executions.Values.Sum(v => (double)v.Shares * v.Price) / (double)shares;
        if (shares == Filled)
        {
            // Nothing more filled; a corrected price still moves the average.
            return corrects ? next with { AvgFillPrice = average } : next;
        }

        var complete = shares >= ticket.Quantity;
        return next.ApplyStatus(new OrderStatusReported(complete ? "Filled" : IsFinal ? Status : "PartiallyFilled",
            shares, Math.Max(0, ticket.Quantity - shares), average, x.Price, PermId, x.At));
    }

    private OrderRecord ApplyStatus(OrderStatusReported s)
    {
        // Out of order or repeated: never go back on quantity, never leave a final state except to fill.
        if (s.Filled < Filled || (IsFinal && !(s.Status == "Filled" && s.Filled > Filled)))
        {
            return this with { PermId = PermId == 0 ? s.PermId : PermId };
        }

        var moreFilled = s.Filled > Filled;
        var status = s.Status switch
        {
            // A status that says "filled" must match the quantity; otherwise it is a partial fill.
            "Filled" when Ticket is { } t && s.Filled < t.Quantity => "PartiallyFilled",
            "Submitted" or "PreSubmitted" when s.Filled > 0 => "PartiallyFilled",
            var other => other,
        };
        return this with
        {
            Status = status,
            Filled = s.Filled,
            Remaining = s.Remaining,
            AvgFillPrice = moreFilled || AvgFillPrice == 0 ? s.AvgFillPrice : AvgFillPrice,
            LastFillPrice = moreFilled ? s.LastFillPrice : LastFillPrice,
            PermId = s.PermId != 0 ? s.PermId : PermId,
        };
    }
}
