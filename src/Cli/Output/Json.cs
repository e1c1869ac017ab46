using System.Globalization;
using System.Text.Json;

namespace WheelStrat.Cli.Output;

/// <summary>Reading loosely typed fields out of the bridge's JSON for tables.</summary>
public static class Json
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true };

    public static string Indented(JsonElement? e) => e is { } v ? JsonSerializer.Serialize(v, Pretty) : "null";

    public static string? Str(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? Text(v) : null;

    public static JsonElement? Get(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    public static IEnumerable<JsonElement> Items(this JsonElement? e) =>
        e is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray() : [];

    private static string? Text(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Number => v.GetDouble().ToString("0.####", CultureInfo.InvariantCulture),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Array => string.Join(",", v.EnumerateArray().Select(Text)),
        _ => v.GetRawText(),
    };
}
