namespace WheelStrat.Tws.Messages;

/// <summary>IB's Execution: one fill (or a correction of one: same execId prefix, higher suffix).</summary>
public sealed record Execution
{
    public int OrderId { get; init; }
    public string ExecId { get; init; } = "";
    /// <summary>"yyyyMMdd  HH:mm:ss" or "yyyyMMdd HH:mm:ss TZ", as IB sends it.</summary>
    public string Time { get; init; } = "";
    public string AcctNumber { get; init; } = "";
    public string Exchange { get; init; } = "";
    /// <summary>BOT or SLD.</summary>
    public string Side { get; init; } = "";
    public decimal? Shares { get; init; }
    public double Price { get; init; }
    public long PermId { get; init; }
    public int ClientId { get; init; }
    public int Liquidation { get; init; }
    public decimal? CumQty { get; init; }
    public double AvgPrice { get; init; }
    public string OrderRef { get; init; } = "";
    public string EvRule { get; init; } = "";
    public double EvMultiplier { get; init; }
    public string ModelCode { get; init; } = "";
    public int LastLiquidity { get; init; }
    public bool PendingPriceRevision { get; init; }
}
