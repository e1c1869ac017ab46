using System.Collections.Immutable;
using WheelStrat.Actors.Gateway;
using WheelStrat.Actors.Replies;
using WheelStrat.Tws.Messages;
using static WheelStrat.Actors.Orders.OrdersProtocol;
using Trade = WheelStrat.Actors.Executions.Trade;

namespace WheelStrat.Actors.Orders;

/// <summary>
/// One order's state, rebuilt from its events. The rules about IB's statuses live here, testable
/// without a journal: PendingCancel can still fill; Inactive is not final by itself; warnings are not
/// cancellations; statuses can repeat or arrive out of order, so filled quantity never goes back and
/// a repeated Filled does not move the average price. It is also the order's snapshot.
/// </summary>
public sealed record OrderState : Persistence.IJournalEvent
{
    public static readonly OrderState Empty = new();

    public string Key { get; init; } = "";
    public OrderTicket? Ticket { get; init; }
    public Contract? Contract { get; init; }
    public int? OrderId { get; init; }
    public bool Submitted { get; init; }
    public OrderStatusCode Status { get; init; } = OrderStatusCode.New;
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

    public bool IsFinal => Status.IsFinal();

    /// <summary>Accepted but no word from IB yet: after a crash it may or may not be at IB, so it is looked up, not resent blindly.</summary>
    public bool NeedsReconciliation => Exists && !IsFinal && Status.AwaitsIb();

    /// <summary>IB said it has the order: a status past PendingSubmit, a fill, or a lookup that found it.</summary>
    public bool AcknowledgedByIb => LastHeardAt is not null && !Status.AwaitsIb();

    // ---- decisions: what a command means for this order, as events (and a reply), before anything is journaled ----

    /// <summary>The state of a key whose ticket is still being checked: nothing is journaled until it is accepted.</summary>
    public static OrderState Checking(string key, OrderTicket ticket) =>
        Empty with { Key = key, Ticket = ticket, Status = OrderStatusCode.Checking, Remaining = ticket.Quantity };

    /// <summary>Every command an order handles, decided here without a journal: the reply, the events, the effects.</summary>
    internal OrderDecision Decide(IOrderCommand command) => command switch
    {
        OrderCommand.Place p => DecidePlace(p),
        OrderCommand.Accept a => SafetyRules.Check(a.Ticket, a.Quote, a.Safety) is { } refusal
            ? new OrderDecision(refusal, [])
            : new OrderDecision(null, [new OrderAccepted(a.Key, a.Ticket, a.Contract, a.Now)], OrderEffect.Send),
        OrderCommand.Sent s => new OrderDecision(null, [new OrderIdAssigned(s.OrderId, s.Now), new OrderSubmitted(s.Now)]),
        OrderCommand.NotSent n => DecideNotSent(n),
        OrderCommand.ReportStatus s => Exists
            ? new OrderDecision(null, [new OrderStatusReported(s.Status, s.Filled, s.Remaining, s.AvgFillPrice, s.LastFillPrice, s.PermId, s.Now)])
            : OrderDecision.Nothing,
        OrderCommand.ReportError e => Exists ? DecideError(e.Code, e.Message, e.Now) switch
        {
            (var ev, true) => new OrderDecision(null, [ev], OrderEffect.Send),
            var (ev, _) => new OrderDecision(null, [ev]),
        } : OrderDecision.Nothing,
        OrderCommand.ReportExecution x => DecideExecution(x.ExecId, x.Shares, x.Price, x.Now) is { } e
            ? new OrderDecision(null, [e])
            : OrderDecision.Nothing,
        OrderCommand.Cancel c => DecideCancel(c.Now) switch
        {
            (_, _, { } e) => new OrderDecision(null, [e], OrderEffect.SendCancel),
            (_, { } final, _) => new OrderDecision(new CancelOrderReply.AlreadyFinal(final), []),
            var (refusal, _, _) => new OrderDecision(CancelOrderReply.Failing(refusal!), []),
        },
        OrderCommand.Reconciled r => DecideReconciled(r),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "not an order command"),
    };

    /// <summary>
    /// A new key is checked; the same ticket again is answered from the order (or waits with the callers before it);
    /// another ticket under a taken key is a conflict.
    /// </summary>
    private OrderDecision DecidePlace(OrderCommand.Place p) =>
        !Exists ? new OrderDecision(null, [], OrderEffect.Check)
        : Ticket!.Fingerprint != p.Ticket.Fingerprint ? new OrderDecision(new PlaceOrderReply.KeyConflict(Key, OrderView.Of(this, p.UncertainSince)), [])
        : p.CallersWaiting || Status == OrderStatusCode.Checking ? new OrderDecision(null, [], OrderEffect.Wait)
        : new OrderDecision(new PlaceOrderReply.Placed(OrderView.Of(this, p.UncertainSince), Existing: true), []);

    /// <summary>
    /// A first send that never left: the caller gets 503 and the key is free (nothing reached IB). An order sent
    /// again after a lookup stays accepted and uncertain: the next session's lookup sends it then.
    /// </summary>
    private OrderDecision DecideNotSent(OrderCommand.NotSent n) =>
        !Exists ? OrderDecision.Nothing
        : !Submitted && n.CallerWaiting
            ? new OrderDecision(
                PlaceOrderReply.Failing(new Unavailable($"not sent to IB: {n.Reason}; nothing was placed, retry with the same key")),
                [new OrderNotSent(n.Reason, n.Now)])
            : new OrderDecision(
                null,
                [new OrderNoticed(0, $"not sent: {n.Reason}; the next session's lookup sends it if IB does not have it", n.Now)],
                OrderEffect.Uncertain);

    /// <summary>
    /// What a lookup at IB found (every new session looks up every unfinished order). Found, see <see cref="DecideFound"/>.
    /// Found nowhere, it is placed again only if IB never said anything of it; an order IB acknowledged is never
    /// sent twice, it stays uncertain for a person to check.
    /// </summary>
    private OrderDecision DecideReconciled(OrderCommand.Reconciled r)
    {
        var m = r.Finding;
        if (!Exists || IsFinal || (m.Where == IbOrderPlace.NotAtIb && r.Sending))
        {
            return OrderDecision.Nothing;
        }

        if (m.Where == IbOrderPlace.NotAtIb)
        {
            // Not open, not completed, not executed, and IB never said a word of it: it never arrived. Place it now,
            // once, with a fresh id.
            return NeedsReconciliation && LastHeardAt is null
                ? new OrderDecision(null, [new OrderNoticed(0, "not found at IB; placing it now", r.Now)], OrderEffect.Send)
                : new OrderDecision(null, [], OrderEffect.Uncertain);
        }

        var effects = OrderEffect.Heard;
        if (m.Where != IbOrderPlace.Completed && (m.OrderId ?? OrderId) is not null)
        {
            effects |= OrderEffect.Claim;
        }

        var events = DecideFound(m, r.Asked, r.Now);
        if (events.Count > 0 && NeedsReconciliation && m.Where != IbOrderPlace.Completed && StatusAtIb(m) != OrderStatusCode.Filled)
        {
            // Its statuses come to this order now that it is claimed: ask IB for them again.
            effects |= OrderEffect.RefreshOpenOrders;
        }

        return new OrderDecision(null, events, effects);
    }


    /// <summary>
    /// IB's error for this order: 103 (a duplicate id: not at IB, so sent again with a higher id), a cancel a
    /// read-only gateway refused (the order keeps working), a warning or cancel confirmation (the order's fate comes
    /// from orderStatus), or a rejection.
    /// </summary>
    public (IOrderEvent Event, bool SendAgain) DecideError(int code, string message, DateTimeOffset now) => code switch
    {
        103 when OrderId is not null && !IsFinal => (new OrderNoticed(code, message, now), true),
        IbCodes.ReadOnly when CancelRequested && LastHeardAt is not null => (new OrderNoticed(code, $"cancel refused: {message}", now), false),
        399 or 10349 or 2109 or 202 or 10147 or 10148 or 161 or (>= 2100 and < 2200) => (new OrderNoticed(code, message, now), false),
        _ => (new OrderRejected(code, message, now), false),
    };

    /// <summary>A cancel: refused with a reply (no order, already final, not at IB yet), or journaled then sent.</summary>
    public (Failed? Refusal, OrderView? Final, OrderCancelRequested? Event) DecideCancel(DateTimeOffset now) =>
        !Exists ? (new NotFound($"no order {Key}"), null, null)
        : IsFinal ? (null, OrderView.Of(this), null)
        : OrderId is null ? (new Unavailable("the order has not reached IB yet"), null, null)
        : (null, null, new OrderCancelRequested(now));

    /// <summary>A journaled fill of this order; nothing when it is already known (the same execId) or there is no order.</summary>
    public OrderExecutionReported? DecideExecution(string execId, decimal shares, double price, DateTimeOffset now) =>
        !Exists || (Executions.TryGetValue(Trade.Base(execId), out var known) && known.ExecId == execId)
            ? null
            : new OrderExecutionReported(execId, shares, price, now);

    /// <summary>
    /// What a lookup that found the order at IB means. IB's word replaces the journal's: found working, completed or
    /// only in executions, the order takes IB's status and quantities. The lookup a restart asked for is on the record
    /// even if IB's status overtook it; a routine one per session is not (it would add a notice at every reconnect).
    /// </summary>
    internal IReadOnlyList<IOrderEvent> DecideFound(ReconcileFinding m, bool asked, DateTimeOffset now)
    {
        var events = new List<IOrderEvent>();
        var detail = m.Detail.Length > 0 ? ": " + m.Detail : "";
        if (NeedsReconciliation || asked || (m.OrderId is { } id && id != OrderId))
        {
            events.Add(new OrderReconciled(m.OrderId, Finding(m, detail), now));
        }

        if (m.Where == IbOrderPlace.Completed && m.Status == OrderStatusCode.Inactive)
        {
            // A completed order that is Inactive was rejected; its error (201) was sent while we were away.
            events.Add(new OrderRejected(201, $"rejected at IB while the bridge was away{detail}", now));
        }
        else if (StatusAtIb(m) is var status and not OrderStatusCode.Unknown && (status != Status || m.Filled > Filled))
        {
            // What IB reported while the bridge was away, as the orderStatus it would have sent.
            var remaining = Math.Max(0, Ticket!.Quantity - m.Filled);
            events.Add(new OrderStatusReported(status, m.Filled, remaining, m.AvgFillPrice, m.LastFillPrice, m.PermId != 0 ? m.PermId : PermId, now));
        }

        return events;
    }

    /// <summary>The status IB's lists imply: an order seen only in executions is filled as far as they go.</summary>
    internal OrderStatusCode StatusAtIb(ReconcileFinding m) => m.Where == IbOrderPlace.ExecutedOnly
        ? m.Filled >= Ticket!.Quantity ? OrderStatusCode.Filled : OrderStatusCode.Submitted
        : m.Status;

    private static string Finding(ReconcileFinding m, string detail) => m.Where switch
    {
        IbOrderPlace.Working => $"found at IB ({m.Status})",
        IbOrderPlace.Completed => $"found at IB, completed ({m.Status}{detail})",
        _ => $"found at IB (executions for {m.Filled})",
    };

    public OrderState Apply(IOrderEvent e) => (e switch
    {
        OrderAccepted a => this with
        {
            Key = a.Key, Ticket = a.Ticket, Contract = a.Contract, Remaining = a.Ticket.Quantity, CreatedAt = a.At,
            Status = OrderStatusCode.New,
        },
        OrderIdAssigned id => this with { OrderId = id.OrderId },
        OrderSubmitted => this with { Submitted = true, Status = Status == OrderStatusCode.New ? OrderStatusCode.PendingSubmit : Status },
        OrderStatusReported s => ApplyStatus(s) with { LastHeardAt = s.At },
        OrderExecutionReported x => ApplyExecution(x) with { LastHeardAt = x.At },
        OrderNotSent => Empty with { Key = Key },
        OrderRejected r => IsFinal && Status != OrderStatusCode.Rejected ? this : this with { Status = OrderStatusCode.Rejected, ErrorCode = r.Code, ErrorMessage = r.Message },
        OrderNoticed n => this with { Notices = Notices.Add($"{n.Code}: {n.Message}") },
        OrderCancelRequested => this with { CancelRequested = true },
        OrderReconciled r => this with { OrderId = r.OrderId ?? OrderId, Submitted = true, Notices = Notices.Add($"reconciled: {r.Finding}"), LastHeardAt = r.At },
        _ => this,
    }) with { UpdatedAt = e.At };

    /// <summary>
    /// The executions' total beats a status that says less: IB can fill an order and never send the orderStatus
    /// (a drop, a missed message). The status that follows with the same quantity still gives IB's average.
    /// </summary>
    private OrderState ApplyExecution(OrderExecutionReported x)
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
        return next.ApplyStatus(new OrderStatusReported(complete ? OrderStatusCode.Filled : IsFinal ? Status : OrderStatusCode.PartiallyFilled,
            shares, Math.Max(0, ticket.Quantity - shares), average, x.Price, PermId, x.At));
    }

    private OrderState ApplyStatus(OrderStatusReported s)
    {
        // Out of order or repeated: never go back on quantity, never leave a final state except to fill.
        if (s.Filled < Filled || (IsFinal && !(s.Status == OrderStatusCode.Filled && s.Filled > Filled)))
        {
            return this with { PermId = PermId == 0 ? s.PermId : PermId };
        }

        var moreFilled = s.Filled > Filled;
        var status = s.Status switch
        {
            // A status that says "filled" must match the quantity; otherwise it is a partial fill.
            OrderStatusCode.Filled when Ticket is { } t && s.Filled < t.Quantity => OrderStatusCode.PartiallyFilled,
            OrderStatusCode.Submitted or OrderStatusCode.PreSubmitted when s.Filled > 0 => OrderStatusCode.PartiallyFilled,
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
