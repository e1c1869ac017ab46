using System.Globalization;

namespace WheelStrat.Actors.Time;

/// <summary>
/// Turns IB's time texts (bar times, execution times) into UTC. Requests use formatDate=2, so intraday bars come as epoch seconds;
/// daily and longer bars still come as "yyyyMMdd" — a trading date in the exchange's time zone, which
/// is returned as midnight of that date in that zone (e.g. 2026-03-09 → 2026-03-09T04:00Z in New York
/// summer time). A "yyyyMMdd HH:mm:ss [zone]" form is also accepted (formatDate=1 or older gateways).
/// </summary>
public static class IbTime
{
    public static DateTimeOffset ToUtc(string ibTime, string timeZoneId)
    {
        var text = ibTime.Trim();
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) && text.Length > 8)
        {
            return DateTimeOffset.FromUnixTimeSeconds(epoch);
        }

        var zone = Zone(timeZoneId);
        if (text.Length == 8 && DateTime.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return Local(date, zone);
        }

        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length >= 2 && DateTime.TryParseExact($"{parts[0]} {parts[1]}", "yyyyMMdd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return Local(local, parts.Length >= 3 ? Zone(parts[2]) : zone);
        }

        throw new FormatException($"unrecognised IB bar time '{ibTime}'");
    }

    private static DateTimeOffset Local(DateTime local, TimeZoneInfo zone) =>
        new DateTimeOffset(local, zone.GetUtcOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified))).ToUniversalTime();

    private static TimeZoneInfo Zone(string id)
    {
        // IB uses legacy ids ("US/Eastern", sometimes "EST5EDT"); tzdata knows them on Linux.
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(string.IsNullOrWhiteSpace(id) ? "America/New_York" : id);
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        }
    }
}
