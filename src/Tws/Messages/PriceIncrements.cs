namespace WheelStrat.Tws.Messages;

/// <summary>
/// IB's minimum price variation. contractDetails' minTick is the smallest increment, but US equity options
/// step up at $3: a penny class (minTick 0.01) trades in nickels from $3, a nickel class (minTick 0.05) in
/// dimes. A price off its tick is refused by IB with error 110.
/// </summary>
public static class PriceIncrements
{
    /// <summary>IB 110: "The price does not conform to the minimum price variation for this contract."</summary>
    public const int NonConformingPrice = 110;

    public const decimal OptionTierPrice = 3m;

    /// <summary>Used when the gateway sends no usable minTick.</summary>
    public const decimal DefaultTick = 0.01m;

    public static decimal TickFor(string secType, double minTick, decimal price)
    {
        var tick = double.IsFinite(minTick) && minTick is > 0 and < 1_000 ? (decimal)minTick : DefaultTick;
        return secType == "OPT" && price >= OptionTierPrice ? (tick <= 0.01m ? 0.05m : tick * 2) : tick;
    }

    public static bool Conforms(string secType, double minTick, decimal price) => price % TickFor(secType, minTick, price) == 0;

    /// <summary>
    /// Onto the tick, never to a worse price than asked: a buy rounds down, a sell up. The tier boundary ($3) is a
    /// multiple of every tick, so a price rounded across it still conforms.
    /// </summary>
    public static decimal Round(string secType, double minTick, decimal price, bool buy)
    {
        var tick = TickFor(secType, minTick, price);
        var rounded = (buy ? decimal.Floor(price / tick) : decimal.Ceiling(price / tick)) * tick;
        return rounded > 0 ? rounded : tick;
    }
}
