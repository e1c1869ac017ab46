using System.Globalization;
using System.Text.Json;

namespace WheelStrat.Api.Validation;

/// <summary>Reads one field of a raw JSON body; a wrong type or value is an error naming the field, never an exception.</summary>
public static class JsonFields
{
    public static string? Text(JsonElement body, string name, Errors errors)
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

    public static string? Enum(JsonElement body, string name, string[] allowed, string? fallback, Errors errors)
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

    public static decimal? Number(JsonElement body, string name, bool required, decimal max, Errors errors)
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
}
