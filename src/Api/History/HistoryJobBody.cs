using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace WheelStrat.Api.History;

/// <summary>
/// The body of POST /history/jobs as the API description shows it; <see cref="HistoryJobRequestParser"/> reads it
/// (any other field is a 400 naming it). Give exactly one of expiration, expirationFrom + expirationTo,
/// expirationsAhead; and one of strikes, strikeWindowPct.
/// </summary>
public sealed class HistoryJobBody
{
    [Required, RegularExpression("^[A-Za-z0-9][A-Za-z0-9.\\- ]{0,11}$"), Description("Underlying symbol")]
    public string Symbol { get; init; } = "";

    [RegularExpression("^[0-9]{8}$"), Description("One expiration, YYYYMMDD")]
    public string? Expiration { get; init; }

    [RegularExpression("^[0-9]{8}$"), Description("First expiration of a range, YYYYMMDD")]
    public string? ExpirationFrom { get; init; }

    [RegularExpression("^[0-9]{8}$"), Description("Last expiration of a range, YYYYMMDD")]
    public string? ExpirationTo { get; init; }

    [Range(1, HistoryJobRequestParser.MaxExpirationsAhead), Description("The next N expirations")]
    public int? ExpirationsAhead { get; init; }

    [MinLength(1), MaxLength(200), Description("Strikes to fetch")]
    public IReadOnlyList<decimal>? Strikes { get; init; }

    [Range(0.1, HistoryJobRequestParser.MaxStrikeWindowPct), Description("Strikes within this percentage of spot")]
    public double? StrikeWindowPct { get; init; }

    [Description("C, P or both (default both)")]
    public IReadOnlyList<string>? Rights { get; init; }

    [AllowedValues("1 secs", "5 secs", "10 secs", "15 secs", "30 secs", "1 min", "2 mins", "3 mins", "5 mins", "10 mins", "15 mins", "20 mins", "30 mins", "1 hour", "2 hours", "3 hours", "4 hours", "8 hours", "1 day", "1 week", "1 month"), DefaultValue("1 hour")]
    public string? BarSize { get; init; }

    [AllowedValues("MIDPOINT", "BID_ASK", "TRADES", "BID", "ASK", "OPTION_IMPLIED_VOLATILITY", "HISTORICAL_VOLATILITY", "ADJUSTED_LAST"), DefaultValue("MIDPOINT")]
    public string? WhatToShow { get; init; }

    [DefaultValue(true), Description("Regular trading hours only")]
    public bool? UseRTH { get; init; }

    [Required, Description("Start, ISO-8601 (UTC unless an offset is given)")]
    public DateTimeOffset From { get; init; }

    [Required, Description("End, ISO-8601, after from")]
    public DateTimeOffset To { get; init; }
}
