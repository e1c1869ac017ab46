namespace WheelStrat.Actors.Gateway;

/// <summary>
/// Which of IB's data farms this bridge depends on, by the name IB puts in the farm notices. IB does not
/// document the names; gateways of US accounts report usfarm (and usfarm.nj etc.: US stocks), usopt (US
/// options, OPRA), ushmds (historical data), secdef* (contract definitions) and, when the account has those
/// permissions, farms it never asks for: usfuture, cashfarm, eufarm, cafarm, jfarm, hfarm; cashhmds, euhmds.
/// The bridge trades US stocks and their options, so: a broken usfarm makes stock and option quotes stale
/// (an option's model price and greeks follow its underlying's feed), a broken usopt option quotes only, a
/// farm it never uses changes nothing, and any farm it cannot place — a name it has not seen, or a notice
/// without a name — counts as one it uses: in doubt, a quote says it may be stale.
/// </summary>
public static class DataFarms
{
    public const string MarketData = "marketData";
    public const string Historical = "historical";
    public const string SecDef = "secDef";
    public const string Broken = "broken";

    private static readonly string[] Unused =
        ["usfuture", "cashfarm", "eufarm", "euopt", "cafarm", "jfarm", "hfarm", "afarm", "cashhmds", "euhmds", "fundfarm"];

    /// <summary>False only for a farm known to serve nothing the bridge requests.</summary>
    public static bool IsUsed(string name) => !Unused.Any(u => name.StartsWith(u, StringComparison.OrdinalIgnoreCase));

    /// <summary>True when a broken market-data farm can freeze this instrument's line.</summary>
    public static bool Feeds(FarmState farm, bool isOption) =>
        farm.Kind == MarketData && farm.Used
        && (isOption || !farm.Name.StartsWith("usopt", StringComparison.OrdinalIgnoreCase));

    /// <summary>The broken market-data farm that freezes this instrument's line, if any (the longest broken first).</summary>
    public static FarmState? BrokenFeed(GatewayHealth health, bool isOption) =>
        health.Farms.Values.Where(f => f.State == Broken && Feeds(f, isOption)).MinBy(f => f.At);

    /// <summary>The HMDS farm the bridge's history requests go to is down.</summary>
    public static FarmState? BrokenHistorical(GatewayHealth health) =>
        health.Farms.Values.Where(f => f.State == Broken && f.Kind == Historical && f.Used).MinBy(f => f.At);

    /// <summary>The degraded reason of a used farm that is down: "market-data farm usfarm is broken (2103)".</summary>
    public static string DegradedReason(FarmState farm) => $"{Label(farm.Kind)} farm {farm.Name} is broken ({farm.Code})";

    /// <summary>True for the degraded reason of this farm, whatever its code.</summary>
    public static bool IsReasonFor(string reason, string name) => reason.Contains($" farm {name} is ", StringComparison.Ordinal);

    private static string Label(string kind) => kind switch
    {
        MarketData => "market-data",
        Historical => "HMDS",
        _ => "sec-def",
    };
}
