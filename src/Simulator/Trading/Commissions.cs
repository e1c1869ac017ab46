namespace WheelStrat.Simulator.Trading;

/// <summary>IB-like fixed-rate commissions.</summary>
public static class Commissions
{
    /// <summary>Stocks: $0.005 a share, at least $1.00, at most 1% of the trade value.</summary>
    public static double Stock(decimal shares, double price) =>
        Math.Round(Math.Min(Math.Max(1.00, 0.005 * (double)shares), 0.01 * (double)shares * price), 2);

    /// <summary>Options: $0.65 a contract, at least $1.00.</summary>
    public static double Option(decimal contracts) => Math.Round(Math.Max(1.00, 0.65 * (double)contracts), 2);
}
