namespace WheelStrat.Actors.History.Jobs;

/// <summary>Section "History:Prefetch": watchlists refreshed after the close, so the morning's backtests hit the store only.</summary>
public sealed class PrefetchOptions
{
    public const string Section = "History:Prefetch";

    /// <summary>Time of day of the daily run (Monday to Friday), in <see cref="TimeZone"/>.</summary>
    public TimeSpan At { get; set; } = new(16, 30, 0);

    public string TimeZone { get; set; } = "America/New_York";

    /// <summary>Skip Saturdays and Sundays (no new bars then).</summary>
    public bool WeekdaysOnly { get; set; } = true;

    public List<PrefetchWatchlist> Watchlists { get; set; } = [];
}

public sealed class PrefetchWatchlist
{
    public List<string> Symbols { get; set; } = [];

    /// <summary>The next N expirations of each symbol's chain.</summary>
    public int ExpirationsAhead { get; set; } = 2;

    /// <summary>Strikes within this many percent of spot.</summary>
    public double StrikeWindowPct { get; set; } = 10;

    /// <summary>Empty means both. (Lists start empty: configuration binding appends to an initial list.)</summary>
    public List<string> Rights { get; set; } = [];

    /// <summary>Empty means "1 hour".</summary>
    public List<string> BarSizes { get; set; } = [];

    public string WhatToShow { get; set; } = "MIDPOINT";

    /// <summary>How many calendar days back each run covers (already stored days cost nothing).</summary>
    public int Days { get; set; } = 5;
}
