using System.Globalization;
using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.History.Store;

namespace WheelStrat.Actors.History;

/// <summary>A historical-data query in IB's terms; <see cref="Identity"/> is what IB calls "identical".</summary>
public sealed record HistoryQuery(
    ContractSpec Spec,
    string Duration,
    string BarSize,
    string WhatToShow = "MIDPOINT",
    bool UseRth = true,
    DateTimeOffset? End = null)
{
    public string Identity => $"{Spec.Key}|{Duration}|{BarSize}|{WhatToShow}|{UseRth}|{End?.ToUnixTimeSeconds()}";

    public string PacingKey => $"{Spec.Key}|{Spec.Exchange}|{WhatToShow}";

    /// <summary>The UTC span the query covers: Duration back from End (now when absent), in calendar time.</summary>
    public TimeRange Range(DateTimeOffset now)
    {
        var end = End ?? now;
        var n = int.Parse(Duration[..^2], CultureInfo.InvariantCulture);
        var start = Duration[^1] switch
        {
            'S' => end.AddSeconds(-n),
            'D' => end.AddDays(-n),
            'W' => end.AddDays(-7 * n),
            'M' => end.AddMonths(-n),
            _ => end.AddYears(-n),
        };
        return new TimeRange(start, end);
    }

    public static string FormatEnd(DateTimeOffset end) => end.UtcDateTime.ToString("yyyyMMdd-HH:mm:ss", CultureInfo.InvariantCulture);
}

/// <summary>IB's bar sizes and what the store needs to know about them.</summary>
public static class BarSizes
{
    private static readonly Dictionary<string, TimeSpan> Lengths = new(StringComparer.OrdinalIgnoreCase)
    {
        ["1 secs"] = TimeSpan.FromSeconds(1), ["5 secs"] = TimeSpan.FromSeconds(5), ["10 secs"] = TimeSpan.FromSeconds(10),
        ["15 secs"] = TimeSpan.FromSeconds(15), ["30 secs"] = TimeSpan.FromSeconds(30), ["1 min"] = TimeSpan.FromMinutes(1),
        ["2 mins"] = TimeSpan.FromMinutes(2), ["3 mins"] = TimeSpan.FromMinutes(3), ["5 mins"] = TimeSpan.FromMinutes(5),
        ["10 mins"] = TimeSpan.FromMinutes(10), ["15 mins"] = TimeSpan.FromMinutes(15), ["20 mins"] = TimeSpan.FromMinutes(20),
        ["30 mins"] = TimeSpan.FromMinutes(30), ["1 hour"] = TimeSpan.FromHours(1), ["2 hours"] = TimeSpan.FromHours(2),
        ["3 hours"] = TimeSpan.FromHours(3), ["4 hours"] = TimeSpan.FromHours(4), ["8 hours"] = TimeSpan.FromHours(8),
        ["1 day"] = TimeSpan.FromDays(1), ["1 week"] = TimeSpan.FromDays(7), ["1 month"] = TimeSpan.FromDays(31),
    };

    /// <summary>IB's valid barSizeSetting values, in its spelling.</summary>
    public static IReadOnlyCollection<string> All => Lengths.Keys;

    public static string? Canonical(string text) => Lengths.Keys.FirstOrDefault(k => k.Equals(text.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>A bar's period (a month counts as 31 days: long enough never to call an open bar final).</summary>
    public static TimeSpan Length(string barSize) => Lengths[barSize];

    /// <summary>
    /// The longest span one request asks for: about 2,000 bars, whole days from 1-minute bars up, and never more
    /// than IB's step size for the bar size (<see cref="HistoryLimits.MaxStep"/>): small enough to answer well inside a deadline.
    /// </summary>
    public static TimeSpan MaxRequestSpan(string barSize)
    {
        var span = Length(barSize) * 2000;
        if (span >= TimeSpan.FromDays(1))
        {
            span = TimeSpan.FromDays(Math.Floor(span.TotalDays));
        }

        var step = HistoryLimits.MaxStep(barSize);
        return span < step ? span : step;
    }

    /// <summary>IB's durationStr for a span: seconds up to a day, then whole days, then whole years.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span <= TimeSpan.FromDays(1))
        {
            return $"{Math.Max(1, (long)Math.Ceiling(span.TotalSeconds))} S";
        }

        var days = (int)Math.Ceiling(span.TotalDays);
        return days <= 365 ? $"{days} D" : $"{(int)Math.Ceiling(days / 365.0)} Y";
    }
}

/// <summary>One bar; <see cref="Time"/> is the bar's start as a UTC instant.</summary>
public sealed record HistoryBar(DateTimeOffset Time, double Open, double High, double Low, double Close, decimal? Volume, decimal? Wap, int Count);

/// <summary><see cref="FromStore"/> bars came from the store; <see cref="IbRequests"/> requests were sent to IB for the rest.</summary>
public sealed record HistoryResult(HistoryQuery Query, int ConId, string TimeZoneId, IReadOnlyList<HistoryBar> Bars, DateTimeOffset AsOf, int FromStore = 0, int IbRequests = 0);
