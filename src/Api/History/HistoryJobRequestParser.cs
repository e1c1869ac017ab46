using System.Globalization;
using System.Text.Json;
using WheelStrat.Actors.History;
using WheelStrat.Actors.History.Jobs;
using WheelStrat.Api.Validation;

namespace WheelStrat.Api.History;

/// <summary>
/// Reads a bulk-history job from raw JSON: symbol; expiration, or expirationFrom + expirationTo, or
/// expirationsAhead; strikes, or strikeWindowPct around spot; rights (default both); barSize,
/// whatToShow, useRTH; from and to (ISO-8601, UTC unless an offset is given).
/// </summary>
public static class HistoryJobRequestParser
{
    public const int MaxExpirationsAhead = 12;
    public const double MaxStrikeWindowPct = 50;

    /// <summary>Every field of the job body, as the API description shows it (<see cref="HistoryJobBody"/>); any other is a 400 naming it.</summary>
    public static readonly string[] Fields = JsonFields.NamesOf<HistoryJobBody>();

    public static HistoryJobSpec? Parse(JsonElement body, Errors errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", "must be a JSON object");
            return null;
        }

        JsonFields.OnlyKnown(body, Fields, errors);
        var symbol = SpecParser.Symbol(JsonFields.Text(body, "symbol", errors) ?? "", errors, "symbol");
        var (expirationFrom, expirationTo, ahead) = Expirations(body, errors);
        var (strikes, window) = Strikes(body, errors);
        var rights = Rights(body, errors);
        var barSize = BarSizes.Canonical(JsonFields.Text(body, "barSize", errors) ?? "1 hour");
        if (barSize is null)
        {
            errors.Add("barSize", $"is not one of: {string.Join(", ", BarSizes.All)}");
        }

        var whatToShow = JsonFields.Enum(body, "whatToShow", HistoryEndpoints.WhatToShowValues, "MIDPOINT", errors);
        var useRth = true;
        if (body.TryGetProperty("useRTH", out var rth) && rth.ValueKind != JsonValueKind.Null)
        {
            if (rth.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                useRth = rth.GetBoolean();
            }
            else
            {
                errors.Add("useRTH", "must be true or false");
            }
        }

        var from = Instant(body, "from", errors);
        var to = Instant(body, "to", errors);
        if (from is { } f && to is { } t && f >= t)
        {
            errors.Add("to", "must be after from");
        }

        return errors.Any
            ? null
            : new HistoryJobSpec(symbol!, expirationFrom, expirationTo, ahead, strikes, window, rights, barSize!, whatToShow!, useRth, from!.Value, to!.Value);
    }

    private static (string? From, string? To, int? Ahead) Expirations(JsonElement body, Errors errors)
    {
        var one = JsonFields.Text(body, "expiration", errors);
        var from = JsonFields.Text(body, "expirationFrom", errors);
        var to = JsonFields.Text(body, "expirationTo", errors);
        var ahead = JsonFields.Number(body, "expirationsAhead", required: false, MaxExpirationsAhead, errors);
        var given = (one is not null ? 1 : 0) + (from is not null || to is not null ? 1 : 0) + (ahead is not null ? 1 : 0);
        if (given != 1)
        {
            errors.Add("expiration", "give exactly one of: expiration, expirationFrom + expirationTo, expirationsAhead");
            return (null, null, null);
        }

        if (ahead is { } n)
        {
            if (n != decimal.Truncate(n))
            {
                errors.Add("expirationsAhead", "must be a whole number");
            }

            return (null, null, (int)n);
        }

        if (one is not null)
        {
            var e = SpecParser.Expiration(one, errors, "expiration");
            return (e, e, null);
        }

        var f = SpecParser.Expiration(from ?? "", errors, "expirationFrom");
        var t = SpecParser.Expiration(to ?? "", errors, "expirationTo");
        if (f is not null && t is not null && string.CompareOrdinal(f, t) > 0)
        {
            errors.Add("expirationTo", "must not be before expirationFrom");
        }

        return (f, t, null);
    }

    private static (IReadOnlyList<decimal>? Strikes, double? Window) Strikes(JsonElement body, Errors errors)
    {
        var hasList = body.TryGetProperty("strikes", out var list) && list.ValueKind != JsonValueKind.Null;
        var window = JsonFields.Number(body, "strikeWindowPct", required: false, (decimal)MaxStrikeWindowPct, errors);
        if (hasList == (window is not null))
        {
            errors.Add("strikes", "give exactly one of: strikes (a list), strikeWindowPct (around spot)");
            return (null, null);
        }

        if (!hasList)
        {
            return (null, (double)window!.Value);
        }

        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() is 0 or > 200)
        {
            errors.Add("strikes", "must be a list of 1 to 200 numbers");
            return (null, null);
        }

        var strikes = list.EnumerateArray()
            .Select(s => SpecParser.Strike(s.ValueKind is JsonValueKind.Number or JsonValueKind.String ? s.ToString() : "", errors, "strikes"))
            .ToList();
        return strikes.Contains(null) ? (null, null) : ([.. strikes.Select(s => s!.Value).Distinct().Order()], null);
    }

    private static IReadOnlyList<string> Rights(JsonElement body, Errors errors)
    {
        if (!body.TryGetProperty("rights", out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return ["C", "P"];
        }

        var raw = v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(r => r.ToString()).ToList() : [v.ToString()];
        var rights = raw.Select(r => SpecParser.Right(r, errors, "rights")).ToList();
        return rights.Contains(null) || rights.Count == 0 ? [] : [.. rights.Distinct().Order(StringComparer.Ordinal)!];
    }

    private static DateTimeOffset? Instant(JsonElement body, string name, Errors errors)
    {
        var raw = JsonFields.Text(body, name, errors);
        if (raw is null)
        {
            errors.Add(name, "is required (ISO-8601 date or date-time)");
            return null;
        }

        if (!DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            || at.Year is < 1990 or > 2100)
        {
            errors.Add(name, $"'{SpecParser.Shorten(raw)}' is not an ISO-8601 date or date-time");
            return null;
        }

        return at;
    }
}
