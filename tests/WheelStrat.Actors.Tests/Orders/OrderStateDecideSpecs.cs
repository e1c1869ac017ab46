using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.Orders;
using WheelStrat.Actors.Replies;
using WheelStrat.Tws.Messages;
using static WheelStrat.Actors.Orders.OrdersProtocol;
using OrderState = WheelStrat.Actors.Orders.OrderState;

namespace WheelStrat.Actors.Tests.Orders;

/// <summary>Every command an order handles, decided without a journal: the reply, the events and what else the actor does.</summary>
public sealed class OrderStateDecideSpecs
{
    private static readonly DateTimeOffset T = new(2026, 11, 28, 15, 0, 0, TimeSpan.Zero);
    private static readonly OrderTicket Ticket = new(ContractSpec.Stock("AAPL"), "BUY", 100, "LMT", 190m, "DAY");
    private static readonly SafetyOptions Safety = new();

    private static readonly OrderState Accepted = Run(OrderState.Empty, new OrderCommand.Accept("k1", Ticket, Contract.Stock("AAPL"), null, Safety, T));
    private static readonly OrderState Placed = Run(Accepted, new OrderCommand.Sent(17, T));
    private static readonly OrderState Working = Run(Placed, Status(OrderStatusCode.Submitted, 0));

    [Fact]
    public void A_new_key_is_checked_a_retry_waits_or_is_answered_and_another_ticket_conflicts()
    {
        Assert.True(OrderState.Empty.Decide(new OrderCommand.Place(Ticket, false, null)).Has(OrderEffect.Check));
        Assert.True(OrderState.Checking("k1", Ticket).Decide(new OrderCommand.Place(Ticket, false, null)).Has(OrderEffect.Wait));
        Assert.True(Placed.Decide(new OrderCommand.Place(Ticket, CallersWaiting: true, null)).Has(OrderEffect.Wait));

        var retry = Assert.IsType<PlaceOrderReply.Placed>(Working.Decide(new OrderCommand.Place(Ticket, false, null)).Reply);
        Assert.True(retry.Existing);
        Assert.Equal("Submitted", retry.Order.Status);

        var other = Ticket with { Quantity = 5 };
        Assert.Equal("Checking", Assert.IsType<PlaceOrderReply.KeyConflict>(OrderState.Checking("k1", Ticket).Decide(new OrderCommand.Place(other, true, null)).Reply).Existing.Status);
        var conflict = Assert.IsType<PlaceOrderReply.KeyConflict>(Working.Decide(new OrderCommand.Place(other, false, T)).Reply);
        Assert.True(conflict.Existing.Uncertain);
    }

    [Fact]
    public void Accepted_when_the_rules_pass_journaled_New_then_sent_PendingSubmit()
    {
        var refused = OrderState.Empty.Decide(new OrderCommand.Accept("k1", Ticket with { Quantity = 5_000 }, Contract.Stock("AAPL"), null, Safety, T));
        Assert.Equal(SafetyRules.MaxQuantity, Assert.IsType<Rejected>(refused.Reply).Rule);
        Assert.Empty(refused.Events);

        var accept = OrderState.Empty.Decide(new OrderCommand.Accept("k1", Ticket, Contract.Stock("AAPL"), null, Safety, T));
        Assert.True(accept.Has(OrderEffect.Send));
        Assert.IsType<OrderAccepted>(Assert.Single(accept.Events));
        Assert.Equal((OrderStatusCode.New, false), (Accepted.Status, Accepted.Submitted));

        var sent = Accepted.Decide(new OrderCommand.Sent(17, T));
        Assert.Equal([typeof(OrderIdAssigned), typeof(OrderSubmitted)], sent.Events.Select(e => e.GetType()));
        Assert.Equal((OrderStatusCode.PendingSubmit, 17, true), (Placed.Status, Placed.OrderId, Placed.NeedsReconciliation));
    }

    [Fact]
    public void Placed_then_working_then_filled_is_final()
    {
        Assert.Equal(OrderStatusCode.Submitted, Working.Status);
        Assert.False(Working.IsFinal);
        var partly = Run(Working, Status(OrderStatusCode.Submitted, 40));
        Assert.Equal(OrderStatusCode.PartiallyFilled, partly.Status);
        var filled = Run(partly, Status(OrderStatusCode.Filled, 100));
        Assert.True(filled.IsFinal);
        Assert.Equal("Filled", OrderView.Of(filled).Status);
    }

    [Fact]
    public void Refused_by_IB_is_final_with_IBs_reason_and_a_warning_is_only_noticed()
    {
        var inactive = Run(Placed, Status(OrderStatusCode.Inactive, 0));
        Assert.False(inactive.IsFinal);
        var rejected = Run(inactive, new OrderCommand.ReportError(201, "Order rejected - reason: margin", T));
        Assert.Equal((OrderStatusCode.Rejected, 201, true), (rejected.Status, rejected.ErrorCode, rejected.IsFinal));

        var warned = Placed.Decide(new OrderCommand.ReportError(399, "warning", T));
        Assert.IsType<OrderNoticed>(Assert.Single(warned.Events));
        Assert.Equal(OrderStatusCode.PendingSubmit, Run(Placed, new OrderCommand.ReportError(399, "warning", T)).Status);
    }

    [Fact]
    public void A_duplicate_id_is_sent_again()
    {
        var duplicate = Placed.Decide(new OrderCommand.ReportError(103, "Duplicate order id", T));
        Assert.True(duplicate.Has(OrderEffect.Send));
        Assert.IsType<OrderNoticed>(Assert.Single(duplicate.Events));
    }

    [Fact]
    public void A_first_send_that_never_left_is_withdrawn_and_frees_the_key_a_resend_stays_uncertain()
    {
        var notSent = Accepted.Decide(new OrderCommand.NotSent("no session", CallerWaiting: true, T));
        Assert.IsType<Unavailable>(Assert.IsType<PlaceOrderReply.Failure>(notSent.Reply).Reason);
        Assert.IsType<OrderNotSent>(Assert.Single(notSent.Events));
        var withdrawn = Run(Accepted, new OrderCommand.NotSent("no session", true, T));
        Assert.False(withdrawn.Exists);
        Assert.Equal("k1", withdrawn.Key);

        var resend = Placed.Decide(new OrderCommand.NotSent("no session", CallerWaiting: true, T));
        Assert.True(resend.Has(OrderEffect.Uncertain));
        Assert.Null(resend.Reply);
        Assert.IsType<OrderNoticed>(Assert.Single(resend.Events));
    }

    [Fact]
    public void A_cancel_is_journaled_and_sent_or_answered_without_IB()
    {
        var cancel = Working.Decide(new OrderCommand.Cancel(T));
        Assert.True(cancel.Has(OrderEffect.SendCancel));
        Assert.True(Run(Working, new OrderCommand.Cancel(T)).CancelRequested);

        Assert.IsType<NotFound>(Assert.IsType<CancelOrderReply.Failure>(OrderState.Empty.Decide(new OrderCommand.Cancel(T)).Reply).Reason);
        Assert.IsType<Unavailable>(Assert.IsType<CancelOrderReply.Failure>(Accepted.Decide(new OrderCommand.Cancel(T)).Reply).Reason);
        var filled = Run(Working, Status(OrderStatusCode.Filled, 100));
        Assert.Equal("Filled", Assert.IsType<CancelOrderReply.AlreadyFinal>(filled.Decide(new OrderCommand.Cancel(T)).Reply).Order.Status);
        Assert.Equal(OrderStatusCode.Cancelled, Run(Run(Working, new OrderCommand.Cancel(T)), Status(OrderStatusCode.Cancelled, 0)).Status);
    }

    [Fact]
    public void An_execution_fills_the_order_once()
    {
        var fill = new OrderCommand.ReportExecution("0001.01", 100, 189.9, T);
        var filled = Run(Working, fill);
        Assert.Equal(OrderStatusCode.Filled, filled.Status);
        Assert.Empty(filled.Decide(fill).Events);
        Assert.Empty(OrderState.Empty.Decide(fill).Events);
    }

    [Fact]
    public void Reconciling_an_uncertain_order_places_it_once_if_IB_never_had_it_and_never_resends_one_IB_knew()
    {
        var notAtIb = ReconcileFinding.NotAtIb;
        var place = Placed.Decide(new OrderCommand.Reconciled(notAtIb, Asked: true, Sending: false, T));
        Assert.True(place.Has(OrderEffect.Send));
        Assert.Empty(Placed.Decide(new OrderCommand.Reconciled(notAtIb, false, Sending: true, T)).Events);
        Assert.False(Placed.Decide(new OrderCommand.Reconciled(notAtIb, false, Sending: true, T)).Has(OrderEffect.Send));

        var known = Working.Decide(new OrderCommand.Reconciled(notAtIb, false, false, T));
        Assert.True(known.Has(OrderEffect.Uncertain));
        Assert.False(known.Has(OrderEffect.Send));

        var working = new ReconcileFinding(IbOrderPlace.Working, 17, 900, OrderStatusCode.Submitted, 0, 0, 0, "");
        var found = Placed.Decide(new OrderCommand.Reconciled(working, Asked: true, Sending: false, T));
        Assert.True(found.Has(OrderEffect.Heard | OrderEffect.Claim | OrderEffect.RefreshOpenOrders));
        var reconciled = found.Events.Aggregate(Placed, (s, e) => s.Apply(e));
        Assert.Equal(OrderStatusCode.Submitted, reconciled.Status);
        Assert.Contains(reconciled.Notices, n => n.StartsWith("reconciled: found at IB", StringComparison.Ordinal));

        var completed = new ReconcileFinding(IbOrderPlace.Completed, null, 900, OrderStatusCode.Inactive, 0, 0, 0, "margin");
        var rejected = Placed.Decide(new OrderCommand.Reconciled(completed, true, false, T));
        Assert.False(rejected.Has(OrderEffect.Claim));
        Assert.Equal(OrderStatusCode.Rejected, rejected.Events.Aggregate(Placed, (s, e) => s.Apply(e)).Status);

        var filled = Run(Working, Status(OrderStatusCode.Filled, 100));
        Assert.Same(OrderDecision.Nothing, filled.Decide(new OrderCommand.Reconciled(working, true, false, T)));
    }

    [Fact]
    public void Statuses_map_to_the_same_strings_on_the_wire()
    {
        foreach (var name in new[] { "PendingSubmit", "PreSubmitted", "Submitted", "ApiPending", "PendingCancel", "ApiCancelled", "Cancelled", "Filled", "Inactive" })
        {
            Assert.Equal(name, OrderStatusCodes.Parse(name).ToWire());
        }

        Assert.Equal(OrderStatusCode.Unknown, OrderStatusCodes.Parse("3"));
        Assert.Equal(OrderStatusCode.Unknown, OrderStatusCodes.Parse(""));
    }

    private static OrderCommand.ReportStatus Status(OrderStatusCode status, decimal filled) =>
        new(status, filled, Ticket.Quantity - filled, filled > 0 ? 189.9 : 0, filled > 0 ? 189.9 : 0, 900, T);

    private static OrderState Run(OrderState state, IOrderCommand command) =>
        state.Decide(command).Events.Aggregate(state, (s, e) => s.Apply(e));
}
