using System.Globalization;
using WheelStrat.Actors.Contracts;

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

    /// <summary>IB's endDateTime in the unambiguous UTC form "yyyyMMdd-HH:mm:ss"; empty = now.</summary>
    public string IbEndDateTime => End is { } end ? end.UtcDateTime.ToString("yyyyMMdd-HH:mm:ss", CultureInfo.InvariantCulture) : "";
}

/// <summary>One bar; <see cref="Time"/> is the bar's start as a UTC instant.</summary>
public sealed record HistoryBar(DateTimeOffset Time, double Open, double High, double Low, double Close, decimal? Volume, decimal? Wap, int Count);

public sealed record HistoryResult(HistoryQuery Query, int ConId, string TimeZoneId, IReadOnlyList<HistoryBar> Bars, DateTimeOffset AsOf);
