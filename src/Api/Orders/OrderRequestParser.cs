using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.Orders;
using WheelStrat.Api.Validation;

namespace WheelStrat.Api.Orders;

/// <summary>
/// Reads an order body field by field from raw JSON, so a wrong type, NaN, a huge number or an
/// unknown enum value is a 400 naming the field — never a binder exception or a 500.
/// </summary>
public static partial class OrderRequestParser
{
    public const decimal MaxQuantity = 1_000_000m;
    public const decimal MaxPrice = 1_000_000m;

    public static OrderTicket? Parse(JsonElement body, Errors errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", "must be a JSON object");
            return null;
        }

        var query = new Dictionary<string, Microsoft.Extensions.Primitives.StringValues>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in new[] { "symbol", "secType", "expiration", "strike", "right" })
        {
            if (Text(body, name, errors) is { } v)
            {
                query[name] = v;
            }
        }

        var spec = SpecParser.FromQuery(new Microsoft.AspNetCore.Http.QueryCollection(query), errors);
        var action = Enum(body, "action", ["BUY", "SELL"], null, errors);
        var orderType = Enum(body, "orderType", ["LMT", "MKT"], "LMT", errors);
        var tif = Enum(body, "tif", ["DAY", "GTC"], "DAY", errors);
        var quantity = Number(body, "quantity", required: true, MaxQuantity, errors);
        var limit = Number(body, "limitPrice", required: orderType == "LMT", MaxPrice, errors);

        if (quantity is { } q && spec is { IsOption: true } && q != decimal.Truncate(q))
        {
            errors.Add("quantity", "must be a whole number of contracts");
        }

        if (orderType == "MKT" && limit is not null)
        {
            errors.Add("limitPrice", "must be absent for a MKT order");
        }

        if (limit is { } l && decimal.Round(l, 4) != l)
        {
            errors.Add("limitPrice", "has more than 4 decimal places");
        }

        return errors.Any ? null : new OrderTicket(spec!, action!, quantity!.Value, orderType!, orderType == "LMT" ? limit : null, tif!);
    }

    public static bool IsValidKey(string key) => KeyPattern().IsMatch(key);

    private static string? Text(JsonElement body, string name, Errors errors)
    {
        if (!body.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        switch (v.ValueKind)
        {
            case JsonValueKind.String:
                return v.GetString();
            case JsonValueKind.Number:
                return v.GetRawText();
            default:
                errors.Add(name, $"must be a string, not {v.ValueKind.ToString().ToLowerInvariant()}");
                return "";
        }
    }

    private static string? Enum(JsonElement body, string name, string[] allowed, string? fallback, Errors errors)
    {
        var raw = Text(body, name, errors);
        if (raw is null)
        {
            if (fallback is null)
            {
                errors.Add(name, $"is required: one of {string.Join(", ", allowed)}");
            }

            return fallback;
        }

        var value = raw.Trim().ToUpperInvariant();
        if (!allowed.Contains(value))
        {
            errors.Add(name, $"'{SpecParser.Shorten(raw)}' is not one of {string.Join(", ", allowed)}");
            return null;
        }

        return value;
    }

    private static decimal? Number(JsonElement body, string name, bool required, decimal max, Errors errors)
    {
        if (!body.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add(name, "is required");
            }

            return null;
        }

        decimal value;
        if (v.ValueKind == JsonValueKind.Number)
        {
            if (!v.TryGetDecimal(out value))
            {
                errors.Add(name, "is out of range");
                return null;
            }
        }
        else if (v.ValueKind != JsonValueKind.String
            || !decimal.TryParse(v.GetString(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            errors.Add(name, "must be a number");
            return null;
        }

        if (value <= 0 || value > max)
        {
            errors.Add(name, $"must be greater than 0 and at most {max}");
            return null;
        }

        return value;
    }

    [GeneratedRegex("^[A-Za-z0-9._:\\-]{1,64}$")]
    private static partial Regex KeyPattern();
}
