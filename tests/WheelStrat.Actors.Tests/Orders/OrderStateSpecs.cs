using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.Orders;
using WheelStrat.Tws.Messages;
using OrderState = WheelStrat.Actors.Orders.OrderState;

namespace WheelStrat.Actors.Tests.Orders;

/// <summary>IB's order statuses are subtler than a lifecycle; the record's rules, without a journal.</summary>
public sealed class OrderStateSpecs
{
    private static readonly DateTimeOffset T = new(2026, 11, 28, 15, 0, 0, TimeSpan.Zero);

    private static readonly OrderState Submitted = OrderState.Empty
        .Apply(new OrderAccepted("k1", new OrderTicket(ContractSpec.Stock("AAPL"), "BUY", 100, "LMT", 190m, "DAY"), Contract.Stock("AAPL"), T))
        .Apply(new OrderIdAssigned(17, T))
        .Apply(new OrderSubmitted(T));

    [Fact]
    public void Partial_fills_then_the_final_fill()
    {
        var r = Submitted
            .Apply(Status("Submitted", 40, 60, 189.9))
            .Apply(Status("Submitted", 100, 0, 189.95));
        Assert.Equal(OrderStatusCode.PartiallyFilled, Submitted.Apply(Status("Submitted", 40, 60, 189.9)).Status);
        Assert.Equal(100, r.Filled);

        var filled = r.Apply(Status("Filled", 100, 0, 189.95));
        Assert.Equal(OrderStatusCode.Filled, filled.Status);
        Assert.True(filled.IsFinal);
    }

    [Fact]
    public void A_repeated_filled_does_not_move_the_average_price()
    {
        var filled = Submitted.Apply(Status("Filled", 100, 0, 189.95));
        var again = filled.Apply(Status("Filled", 100, 0, 0));
        Assert.Equal(189.95, again.AvgFillPrice);
        Assert.Equal(OrderStatusCode.Filled, again.Status);
    }

    [Fact]
    public void An_out_of_order_status_never_takes_back_a_fill()
    {
        var r = Submitted.Apply(Status("Submitted", 60, 40, 190)).Apply(Status("Submitted", 20, 80, 190));
        Assert.Equal(60, r.Filled);
    }

    [Fact]
    public void Pending_cancel_can_still_fill()
    {
        var r = Submitted.Apply(new OrderCancelRequested(T)).Apply(Status("PendingCancel", 0, 100, 0)).Apply(Status("Filled", 100, 0, 189.5));
        Assert.Equal(OrderStatusCode.Filled, r.Status);
        Assert.Equal(189.5, r.AvgFillPrice);
    }

    [Fact]
    public void Inactive_is_not_final_by_itself_and_warnings_are_not_cancellations()
    {
        var inactive = Submitted.Apply(Status("Inactive", 0, 100, 0));
        Assert.False(inactive.IsFinal);
        var warned = Submitted.Apply(new OrderNoticed(399, "Order held until market open", T));
        Assert.False(warned.IsFinal);
        Assert.Equal(OrderStatusCode.PendingSubmit, warned.Status);
        Assert.Single(warned.Notices);
    }

    [Fact]
    public void A_cancelled_order_ignores_late_noise_but_a_rejection_is_final()
    {
        var cancelled = Submitted.Apply(Status("Cancelled", 0, 100, 0));
        Assert.True(cancelled.IsFinal);
        Assert.Equal(OrderStatusCode.Cancelled, cancelled.Apply(Status("Submitted", 0, 100, 0)).Status);
        Assert.True(Submitted.Apply(new OrderRejected(201, "Order rejected - reason: margin", T)).IsFinal);
    }

    [Fact]
    public void Accepted_with_an_id_but_no_word_from_IB_needs_reconciliation()
    {
        Assert.True(Submitted.NeedsReconciliation);
        Assert.False(Submitted.Apply(Status("Submitted", 0, 100, 0)).NeedsReconciliation);
    }

    [Fact]
    public void Executions_move_the_order_with_no_orderStatus_and_a_correction_replaces_its_original()
    {
        var partly = Submitted
            .Apply(new OrderExecutionReported("0000e0d5.00000001.01.01", 40, 189.90, T))
            .Apply(new OrderExecutionReported("0000e0d5.00000002.01.01", 20, 189.80, T));
        Assert.Equal(OrderStatusCode.PartiallyFilled, partly.Status);
        Assert.Equal(60, partly.Filled);
        Assert.Equal(40, partly.Remaining);
        Assert.Equal(((40 * 189.90) + (20 * 189.80)) / 60, partly.AvgFillPrice, 9);
        Assert.NotNull(partly.LastHeardAt);

        // The same execution again changes nothing; its correction replaces it rather than adding to it.
        Assert.Equal(60, partly.Apply(new OrderExecutionReported("0000e0d5.00000002.01.01", 20, 189.80, T)).Filled);
        var corrected = partly.Apply(new OrderExecutionReported("0000e0d5.00000002.01.02", 20, 189.70, T));
        Assert.Equal(60, corrected.Filled);
        Assert.Equal(((40 * 189.90) + (20 * 189.70)) / 60, corrected.AvgFillPrice, 9);

        var filled = corrected.Apply(new OrderExecutionReported("0000e0d5.00000003.01.01", 40, 190, T));
        Assert.Equal(OrderStatusCode.Filled, filled.Status);
        Assert.True(filled.IsFinal);
        Assert.Equal(0, filled.Remaining);

        // IB's late orderStatus with the same quantity keeps the order Filled.
        Assert.Equal(OrderStatusCode.Filled, filled.Apply(Status("Filled", 100, 0, 189.93)).Status);
    }

    [Fact]
    public void A_status_ahead_of_the_executions_is_not_undone_by_them()
    {
        var r = Submitted.Apply(Status("Submitted", 60, 40, 189.9)).Apply(new OrderExecutionReported("0000e0d5.00000004.01.01", 40, 189.8, T));
        Assert.Equal(60, r.Filled);
        Assert.Equal(189.9, r.AvgFillPrice);
    }

    [Fact]
    public void Not_sent_withdraws_the_acceptance_and_keeps_the_key()
    {
        var withdrawn = OrderState.Empty
            .Apply(new OrderAccepted("k2", new OrderTicket(ContractSpec.Stock("AAPL"), "BUY", 1, "MKT", null, "DAY"), Contract.Stock("AAPL"), T))
            .Apply(new OrderNotSent("IB Gateway has lost its connection to IB (1100)", T));
        Assert.False(withdrawn.Exists);
        Assert.Equal("k2", withdrawn.Key);
    }

    [Fact]
    public void A_duplicate_id_is_sent_again_and_warnings_do_not_end_the_order()
    {
        var (dup, again) = Submitted.DecideError(103, "Duplicate order id", T);
        Assert.True(again);
        Assert.IsType<OrderNoticed>(dup);

        var (warning, _) = Submitted.DecideError(399, "order will not be placed at the exchange until ...", T);
        Assert.False(Submitted.Apply(warning).IsFinal);

        var (rejected, sendAgain) = Submitted.DecideError(201, "Order rejected - reason: margin", T);
        Assert.False(sendAgain);
        Assert.Equal(OrderStatusCode.Rejected, Submitted.Apply(rejected).Status);
    }

    [Fact]
    public void A_read_only_gateway_refuses_the_cancel_not_the_order()
    {
        var cancelling = Submitted.Apply(Status("Submitted", 0, 100, 0)).Apply(new OrderCancelRequested(T));
        var (e, _) = cancelling.DecideError(321, "API is read-only", T);
        var after = cancelling.Apply(e);
        Assert.Equal(OrderStatusCode.Submitted, after.Status);
        Assert.Contains(after.Notices, n => n.Contains("cancel refused", StringComparison.Ordinal));
    }

    [Fact]
    public void A_cancel_is_refused_without_an_order_once_final_and_before_IB_has_it()
    {
        Assert.IsType<WheelStrat.Actors.Replies.NotFound>(OrderState.Empty.DecideCancel(T).Refusal);
        Assert.Equal("Filled", Submitted.Apply(Status("Filled", 100, 0, 190)).DecideCancel(T).Final!.Status);
        var unsent = OrderState.Empty.Apply(new OrderAccepted("k3", new OrderTicket(ContractSpec.Stock("AAPL"), "BUY", 1, "MKT", null, "DAY"), Contract.Stock("AAPL"), T));
        Assert.IsType<WheelStrat.Actors.Replies.Unavailable>(unsent.DecideCancel(T).Refusal);
        Assert.NotNull(Submitted.DecideCancel(T).Event);
    }

    [Fact]
    public void A_fill_already_known_is_not_journaled_again_but_its_correction_is()
    {
        var e = Submitted.DecideExecution("0001.01", 40, 189.9, T)!;
        var once = Submitted.Apply(e);
        Assert.Null(once.DecideExecution("0001.01", 40, 189.9, T));
        Assert.NotNull(once.DecideExecution("0001.02", 40, 189.8, T));
        Assert.Null(OrderState.Empty.DecideExecution("0002.01", 1, 1, T));
    }

    [Fact]
    public void A_lookup_takes_IBs_word_and_a_routine_one_adds_nothing_when_nothing_changed()
    {
        var working = Submitted.Apply(Status("Submitted", 0, 100, 0));
        var seen = new OrdersProtocol.ReconcileFinding(OrdersProtocol.IbOrderPlace.Working, 17, 5, OrderStatusCode.Submitted, 0, 0, 0, "");
        Assert.Empty(working.DecideFound(seen, asked: false, T));

        var executed = new OrdersProtocol.ReconcileFinding(OrdersProtocol.IbOrderPlace.ExecutedOnly, 17, 5, OrderStatusCode.Unknown, 100, 190, 190, "");
        var filled = working.DecideFound(executed, asked: false, T).Aggregate(working, (r, x) => r.Apply(x));
        Assert.Equal(OrderStatusCode.Filled, filled.Status);

        var inactive = new OrdersProtocol.ReconcileFinding(OrdersProtocol.IbOrderPlace.Completed, null, 5, OrderStatusCode.Inactive, 0, 0, 0, "margin");
        var rejected = Submitted.DecideFound(inactive, asked: true, T);
        Assert.Contains(rejected, x => x is OrderReconciled);
        Assert.Equal(OrderStatusCode.Rejected, rejected.Aggregate(Submitted, (r, x) => r.Apply(x)).Status);
    }

    private static OrderStatusReported Status(string status, decimal filled, decimal remaining, double avg) =>
        new(OrderStatusCodes.Parse(status), filled, remaining, avg, avg, 555, T);
}
