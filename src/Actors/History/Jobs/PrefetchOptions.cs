using System.ComponentModel.DataAnnotations;

namespace WheelStrat.Actors.History.Jobs;

/// <summary>Section "History:Prefetch": watchlists refreshed after the close, so the morning's backtests hit the store only.</summary>
public sealed class PrefetchOptions : IValidatableObject
{
    public const string Section = "History:Prefetch";

    /// <summary>Time of day of the daily run (Monday to Friday), in <see cref="TimeZone"/>.</summary>
    public TimeSpan At { get; set; } = new(16, 30, 0);

    public string TimeZone { get; set; } = "America/New_York";

    /// <summary>Skip Saturdays and Sundays (no new bars then).</summary>
    public bool WeekdaysOnly { get; set; } = true;

    public List<PrefetchWatchlist> Watchlists { get; set; } = [];

    /// <summary>Checked at start: a zone that does not resolve would fail the prefetch actor on every restart.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (At < TimeSpan.Zero || At >= TimeSpan.FromDays(1))
        {
            yield return new ValidationResult("must be a time of day, 00:00 to 23:59:59", [nameof(At)]);
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return new ValidationResult($"'{TimeZone}' is not a known time zone (IANA ids such as America/New_York)", [nameof(TimeZone)]);
        }

        for (var i = 0; i < Watchlists.Count; i++)
        {
            foreach (var problem in Watchlists[i].Problems())
            {
                yield return new ValidationResult(problem.Reason, [$"{nameof(Watchlists)}:{i}:{problem.Field}"]);
            }
        }
    }
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

    internal IEnumerable<(string Field, string Reason)> Problems()
    {
        if (Symbols.Count == 0 || Symbols.Any(string.IsNullOrWhiteSpace))
        {
            yield return (nameof(Symbols), "needs at least one symbol, none blank");
        }

        if (ExpirationsAhead is < 1 or > 52)
        {
            yield return (nameof(ExpirationsAhead), "must be 1 to 52");
        }

        if (StrikeWindowPct is not (> 0 and <= 100))
        {
            yield return (nameof(StrikeWindowPct), "must be above 0 and at most 100");
        }

        if (Days is < 1 or > 3650)
        {
            yield return (nameof(Days), "must be 1 to 3650");
        }
    }
}
