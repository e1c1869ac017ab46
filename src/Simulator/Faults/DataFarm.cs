namespace WheelStrat.Simulator.Faults;

/// <summary>
/// One of IB's data farms as the gateway reports it: the notice codes for broken and OK, and the text
/// IB puts before the farm's name. The simulator streams stocks from usfarm, options from usopt and
/// answers history from ushmds, as a US account's gateway does.
/// </summary>
public sealed record DataFarm(string Name, int BrokenCode, int OkCode, string Label)
{
    public static readonly DataFarm UsFarm = new("usfarm", 2103, 2104, "Market data farm");
    public static readonly DataFarm UsOpt = new("usopt", 2103, 2104, "Market data farm");
    public static readonly DataFarm UsHmds = new("ushmds", 2105, 2106, "HMDS data farm");

    public static IReadOnlyList<DataFarm> All { get; } = [UsFarm, UsOpt, UsHmds];

    public bool IsMarketData => BrokenCode == 2103;

    /// <summary>The farm named, or an exception naming the ones there are (a typo in a test or a control call).</summary>
    public static DataFarm Named(string name) =>
        All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown farm '{name}'; one of {string.Join(", ", All.Select(f => f.Name))}", nameof(name));

    public string BrokenMessage => $"{Label} connection is broken:{Name}";

    public string OkMessage => $"{Label} connection is OK:{Name}";
}
