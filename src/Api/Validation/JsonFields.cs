using System.Globalization;
using System.Text.Json;

namespace WheelStrat.Api.Validation;

/// <summary>Reads one field of a raw JSON body; a wrong type or value is an error naming the field, never an exception.</summary>
public static class JsonFields
{
    /// <summary>The JSON names of a documented body's properties: the parser and the API description cannot disagree.</summary>
    public static string[] NamesOf<TBody>() =>
        [.. typeof(TBody).GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name))];

    /// <summary>A field the body does not have is an error naming it: a typo or a field of another API is never silently ignored.</summary>
    public static void OnlyKnown(JsonElement body, IReadOnlyCollection<string> known, Errors errors)
    {
        foreach (var property in body.EnumerateObject().Where(p => !known.Contains(p.Name)))
        {
            errors.Add(SpecParser.Shorten(property.Name), $"is not a field of this body (fields: {string.Join(", ", known)})");
        }
    }

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

    /// <summary>A positive whole number (shares, contracts, counts): 1.5 is an error naming the field.</summary>
    public static decimal? Whole(JsonElement body, string name, bool required, decimal max, Errors errors)
    {
        var value = Number(body, name, required, max, errors);
        if (value is { } n && n != decimal.Truncate(n))
        {
            errors.Add(name, "must be a whole number");
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
