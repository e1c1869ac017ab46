using WheelStrat.Actors.Executions;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Replies;
using static WheelStrat.Actors.Orders.OrdersProtocol;

namespace WheelStrat.Actors.Orders;

/// <summary>
/// What one reconciliation lookup heard from IB — open orders, the day's completed orders and the
/// day's executions — and, per idempotency key (our orderRef), where that order is and how much of
/// it IB filled. Pure, so the rules are testable without actors: a working order beats a completed
/// one; filled quantities are IB's (cumQty, filledQuantity), never assumed from the ticket.
/// </summary>
internal sealed class IbOrderSightings
{
    private readonly List<OpenOrder> _open = [];
    private readonly List<CompletedOrder> _completed = [];
    private readonly List<Execution> _fills = [];

    public void Add(OpenOrder m) => _open.Add(m);

    public void Add(CompletedOrder m) => _completed.Add(m);

    public void Add(ExecDetails m) => _fills.Add(m.Execution);

    public ReconcileFinding Find(string orderRef)
    {
        var fills = _fills.Where(f => f.OrderRef == orderRef).ToList();

        // One placeOrder per key, so one IB order; should IB still show two, follow the working one.
        if (_open.LastOrDefault(o => o.Order.OrderRef == orderRef) is { } open)
        {
            var (filled, avg, last) = Filled(FillsOf(fills, open.Order.PermId));
            return new ReconcileFinding(IbOrderPlace.Working, open.OrderId, open.Order.PermId, OrderStatusCodes.Parse(open.State.Status), filled, avg, last, "");
        }

        if (_completed.Where(c => c.Order.OrderRef == orderRef).MaxBy(c => c.Order.FilledQuantity ?? 0) is { } done)
        {
            var permId = done.Order.PermId;
            var own = FillsOf(fills, permId);
            var (filled, avg, last) = Filled(own);
            filled = Math.Max(filled, done.Order.FilledQuantity ?? 0);
            if (done.State.Status == "Filled" && filled == 0)
            {
                // Filled with no quantity given: the whole order, as IB's status says.
                filled = done.Order.TotalQuantity ?? 0;
            }

            // completedOrder carries no orderId; an execution of the same order does.
            var orderId = own.Count > 0 ? own[^1].OrderId : (int?)null;
            var detail = string.Join(", ", new[] { done.State.CompletedStatus, done.State.CompletedTime }.Where(t => t.Length > 0));
            return new ReconcileFinding(IbOrderPlace.Completed, orderId, permId, OrderStatusCodes.Parse(done.State.Status), filled, avg, last, detail);
        }

        if (fills.Count > 0)
        {
            var (filled, avg, last) = Filled(fills);
            return new ReconcileFinding(IbOrderPlace.ExecutedOnly, fills[^1].OrderId, fills[^1].PermId, OrderStatusCode.Unknown, filled, avg, last, "");
        }

        return ReconcileFinding.NotAtIb;
    }

    private static List<Execution> FillsOf(List<Execution> fills, long permId) =>
        permId == 0 ? fills : [.. fills.Where(f => f.PermId == permId || f.PermId == 0)];

    /// <summary>
    /// IB's own count: the largest cumQty, or the sum of the executions (a correction replaces the
    /// revision it corrects), whichever is more; the average price is the one IB gave with that cumQty.
    /// </summary>
    private static (decimal Filled, double AvgFillPrice, double LastFillPrice) Filled(List<Execution> fills)
    {
        if (fills.Count == 0)
        {
            return (0, 0, 0);
        }

        var executions = fills.GroupBy(f => Trade.Base(f.ExecId)).Select(g => g.MaxBy(f => f.ExecId, StringComparer.Ordinal)!).ToList();
        var latest = executions.MaxBy(f => f.CumQty ?? 0)!;
        var sum = executions.Sum(f => f.Shares ?? 0);
        var cumQty = latest.CumQty ?? 0;
        var avg = cumQty >= sum && latest.AvgPrice > 0
            ? latest.AvgPrice
            : sum > 0 ? executions.Sum(f => (double)(f.Shares ?? 0) * f.Price) / (double)sum : 0;
        return (Math.Max(cumQty, sum), avg, latest.Price);
    }
}
