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

    /// <summary>Every field of the order body, as the API description shows it (<see cref="OrderBody"/>); any other is a 400 naming it.</summary>
    public static readonly string[] Fields = JsonFields.NamesOf<OrderBody>();

    public static OrderTicket? Parse(JsonElement body, Errors errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", "must be a JSON object");
            return null;
        }

        JsonFields.OnlyKnown(body, Fields, errors);
        var query = new Dictionary<string, Microsoft.Extensions.Primitives.StringValues>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in new[] { "symbol", "secType", "expiration", "strike", "right" })
        {
            if (JsonFields.Text(body, name, errors) is { } v)
            {
                query[name] = v;
            }
        }

        var spec = SpecParser.FromQuery(new Microsoft.AspNetCore.Http.QueryCollection(query), errors);
        var action = JsonFields.Enum(body, "action", ["BUY", "SELL"], null, errors);
        var orderType = JsonFields.Enum(body, "orderType", ["LMT", "MKT"], "LMT", errors);
        var tif = JsonFields.Enum(body, "tif", ["DAY", "GTC"], "DAY", errors);
        var quantity = JsonFields.Whole(body, "quantity", required: true, MaxQuantity, errors);
        var limit = JsonFields.Number(body, "limitPrice", required: orderType == "LMT", MaxPrice, errors);

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

    public const string KeyRegex = "^[A-Za-z0-9._:\\-]{1,64}$";

    public static bool IsValidKey(string key) => KeyPattern().IsMatch(key);

    [GeneratedRegex(KeyRegex)]
    private static partial Regex KeyPattern();
}
