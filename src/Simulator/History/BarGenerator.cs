using System.Globalization;
using System.Text.RegularExpressions;
using WheelStrat.Simulator.Market;
using WheelStrat.Tws.Messages.Replies;

namespace WheelStrat.Simulator.History;

/// <summary>
/// Deterministic bars for any known contract: each bar's prices are a function of the seed, the
/// contract, the data type and the bar's start time only — ask twice, get the same bars.
/// Sessions follow US equity hours (useRTH: 09:30–16:00 New York; otherwise 04:00–20:00), Mon–Fri.
/// </summary>
public static partial class BarGenerator
{
    public const int MaxBars = 10_000;
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    public sealed record Request(double StartPrice, double Volatility, OptionSeries? Option, string WhatToShow, bool UseRth, int FormatDate);

    /// <summary>Null with an error text when the request is not one IB would answer.</summary>
    public static (HistoricalData? Data, string? Error) Generate(int reqId, Request r, string endDateTime, string duration, string barSize, DateTimeOffset now, int seed, int conId)
    {
        if (!TryParseEnd(endDateTime, now, out var end))
        {
            return (null, $"Historical Market Data Service error message:End date/time '{endDateTime}' is invalid");
        }

        if (ParseDuration(duration, end) is not { } start)
        {
            return (null, $"Historical Market Data Service error message:Invalid duration '{duration}'");
        }

        if (ParseBarSize(barSize) is not { } size)
        {
            return (null, $"Historical Market Data Service error message:Invalid bar size '{barSize}'");
        }

        var daily = size >= TimeSpan.FromDays(1);
        var times = daily ? TradingDays(start, end) : IntradayBars(start, end, size, r.UseRth);
        if (times.Count > MaxBars)
        {
            return (null, "Historical Market Data Service error message:Time length exceed max.");
        }

        if (times.Count == 0)
        {
            return (null, "Historical Market Data Service error message:HMDS query returned no data");
        }

        var bars = times.Select(t => MakeBar(t, r, size, daily, seed, conId)).ToArray();
        return (new HistoricalData(reqId, Stamp(start, r.FormatDate), Stamp(end, r.FormatDate), bars), null);
    }

    private static Bar MakeBar(DateTimeOffset t, Request r, TimeSpan size, bool daily, int seed, int conId)
    {
        var mid = PriceAt(t, r, seed, conId);
        var spread = Math.Max(0.01, mid * 0.004);
        var noise = Noise(seed, conId, t, 7);
        var open = Round(mid * (1 + (0.002 * Noise(seed, conId, t, 1))));
        var close = Round(mid * (1 + (0.002 * Noise(seed, conId, t, 2))));
        var high = Round(Math.Max(open, close) + (spread * (1 + Math.Abs(noise))));
        var low = Round(Math.Max(0.01, Math.Min(open, close) - (spread * (1 + Math.Abs(Noise(seed, conId, t, 3))))));
        var trades = r.WhatToShow == "TRADES";
        decimal? volume = trades ? (decimal)(1000 + (Math.Abs(noise) * 50_000)) : -1;
        decimal? wap = trades ? (decimal)Round((open + high + low + close) / 4) : -1;
        var count = trades ? (int)(100 + (Math.Abs(noise) * 900)) : -1;
        var time = daily
            ? TimeZoneInfo.ConvertTime(t, NewYork).ToString("yyyyMMdd", CultureInfo.InvariantCulture)
            : r.FormatDate == 2 ? t.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) : LocalStamp(t);
        return new Bar(time, open, high, low, close, volume, wap, count);
    }

    /// <summary>A slow, seeded path; options priced from it with Black-Scholes at that moment.</summary>
    private static double PriceAt(DateTimeOffset t, Request r, int seed, int conId)
    {
        var underlyingConId = r.Option?.Underlying.ConId ?? conId;
        var days = t.ToUnixTimeSeconds() / 86_400.0;
        var wave = (0.04 * Math.Sin(days / 9.0)) + (0.02 * Math.Sin(days / 2.3)) + (0.01 * Noise(seed, underlyingConId, t, 5));
        var spot = r.StartPrice * Math.Exp(wave * r.Volatility / 0.3);
        if (r.Option is not { } o)
        {
            return spot;
        }

        var expiry = DateTime.ParseExact(o.Expiration, "yyyyMMdd", CultureInfo.InvariantCulture).AddHours(16);
        var years = Math.Max(0, (new DateTimeOffset(expiry, NewYork.GetUtcOffset(expiry)) - t).TotalDays / 365);
        var iv = MarketModel.ImpliedVol(o.Underlying, o.Strike, spot);
        return Math.Max(0.01, BlackScholes.Price(o.Right == "C", spot, o.Strike, years, MarketModel.RiskFreeRate, iv).Price);
    }

    private static double Noise(int seed, int conId, DateTimeOffset t, int salt)
    {
        var h = (ulong)HashCode.Combine(seed, conId, t.ToUnixTimeSeconds(), salt);
        return ((h % 20_001) / 10_000.0) - 1.0;
    }

    private static double Round(double v) => Math.Round(v, 2);

    private static List<DateTimeOffset> TradingDays(DateTimeOffset start, DateTimeOffset end)
    {
        var days = new List<DateTimeOffset>();
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(start, NewYork).DateTime);
        var last = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(end, NewYork).DateTime);
        for (; day <= last; day = day.AddDays(1))
        {
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                var local = day.ToDateTime(TimeOnly.MinValue);
                days.Add(new DateTimeOffset(local, NewYork.GetUtcOffset(local)));
            }
        }

        return days;
    }

    private static List<DateTimeOffset> IntradayBars(DateTimeOffset start, DateTimeOffset end, TimeSpan size, bool rth)
    {
        var bars = new List<DateTimeOffset>();
        var open = rth ? new TimeSpan(9, 30, 0) : new TimeSpan(4, 0, 0);
        var close = rth ? new TimeSpan(16, 0, 0) : new TimeSpan(20, 0, 0);
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(start, NewYork).DateTime);
        var last = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(end, NewYork).DateTime);
        for (; day <= last && bars.Count <= MaxBars; day = day.AddDays(1))
        {
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                continue;
            }

            for (var at = open; at < close; at += size)
            {
                var local = day.ToDateTime(TimeOnly.FromTimeSpan(at));
                var t = new DateTimeOffset(local, NewYork.GetUtcOffset(local));
                if (t >= start && t < end)
                {
                    bars.Add(t);
                }
            }
        }

        return bars;
    }

    private static bool TryParseEnd(string text, DateTimeOffset now, out DateTimeOffset end)
    {
        end = now;
        text = text.Trim();
        if (text.Length == 0)
        {
            return true;
        }

        if (DateTime.TryParseExact(text, "yyyyMMdd-HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var utc))
        {
            end = new DateTimeOffset(utc, TimeSpan.Zero);
            return true;
        }

        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length >= 2 && DateTime.TryParseExact($"{parts[0]} {parts[1]}", "yyyyMMdd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            var zone = parts.Length >= 3 ? TimeZoneInfo.FindSystemTimeZoneById(parts[2]) : NewYork;
            end = new DateTimeOffset(local, zone.GetUtcOffset(local));
            return true;
        }

        return false;
    }

    private static DateTimeOffset? ParseDuration(string text, DateTimeOffset end)
    {
        var m = DurationPattern().Match(text.Trim());
        if (!m.Success)
        {
            return null;
        }

        var n = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch
        {
            "S" => end.AddSeconds(-n),
            "D" => end.AddDays(-n),
            "W" => end.AddDays(-7 * n),
            "M" => end.AddMonths(-n),
            _ => end.AddYears(-n),
        };
    }

    public static TimeSpan? ParseBarSize(string text) => text.Trim() switch
    {
        "1 secs" or "1 sec" => TimeSpan.FromSeconds(1),
        "5 secs" => TimeSpan.FromSeconds(5),
        "10 secs" => TimeSpan.FromSeconds(10),
        "15 secs" => TimeSpan.FromSeconds(15),
        "30 secs" => TimeSpan.FromSeconds(30),
        "1 min" => TimeSpan.FromMinutes(1),
        "2 mins" => TimeSpan.FromMinutes(2),
        "3 mins" => TimeSpan.FromMinutes(3),
        "5 mins" => TimeSpan.FromMinutes(5),
        "10 mins" => TimeSpan.FromMinutes(10),
        "15 mins" => TimeSpan.FromMinutes(15),
        "20 mins" => TimeSpan.FromMinutes(20),
        "30 mins" => TimeSpan.FromMinutes(30),
        "1 hour" => TimeSpan.FromHours(1),
        "2 hours" => TimeSpan.FromHours(2),
        "3 hours" => TimeSpan.FromHours(3),
        "4 hours" => TimeSpan.FromHours(4),
        "8 hours" => TimeSpan.FromHours(8),
        "1 day" => TimeSpan.FromDays(1),
        "1 week" => TimeSpan.FromDays(7),
        "1 month" => TimeSpan.FromDays(30),
        _ => null,
    };

    private static string Stamp(DateTimeOffset t, int formatDate) =>
        formatDate == 2 ? t.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) : LocalStamp(t);

    private static string LocalStamp(DateTimeOffset t) =>
        TimeZoneInfo.ConvertTime(t, NewYork).ToString("yyyyMMdd HH:mm:ss", CultureInfo.InvariantCulture) + " US/Eastern";

    [GeneratedRegex("^([1-9][0-9]*) ([SDWMY])$")]
    private static partial Regex DurationPattern();
}
