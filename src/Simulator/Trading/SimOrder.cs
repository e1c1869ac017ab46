using WheelStrat.Tws.Messages;

namespace WheelStrat.Simulator.Trading;

/// <summary>An order resting at (or done by) the simulated exchange.</summary>
internal sealed class SimOrder(int clientId, int orderId, long permId, Contract contract, Order order)
{
    public int ClientId { get; } = clientId;

    public int OrderId { get; } = orderId;

    public long PermId { get; } = permId;

    public Contract Contract { get; } = contract;

    public Order Order { get; set; } = order;

    public string Status { get; set; } = "Submitted";

    public decimal Filled { get; set; }

    public double AvgFillPrice { get; set; }

    public double LastFillPrice { get; set; }

    public decimal Remaining => (Order.TotalQuantity ?? 0) - Filled;

    public bool IsOpen => Status is "Submitted" or "PreSubmitted" or "PendingCancel";

    /// <summary>When it reached its final state (completedOrder's completedTime); empty while open.</summary>
    public string CompletedTime { get; set; } = "";

    /// <summary>How it ended, in words (completedOrder's completedStatus).</summary>
    public string CompletedStatus { get; set; } = "";
}
