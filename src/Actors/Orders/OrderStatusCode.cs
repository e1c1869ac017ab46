using System.Text.Json;
using System.Text.Json.Serialization;

namespace WheelStrat.Actors.Orders;

/// <summary>
/// An order's status: IB's orderStatus values under IB's names, and the bridge's own (<see cref="Checking"/>,
/// <see cref="New"/>, <see cref="PartiallyFilled"/>, <see cref="Rejected"/>). The name is the wire string: /orders
/// and the journal show exactly what they showed when statuses were strings.
/// </summary>
[JsonConverter(typeof(OrderStatusJsonConverter))]
public enum OrderStatusCode
{
    /// <summary>A status IB sent that the bridge does not know (IB documents "Unknown" too).</summary>
    Unknown,

    /// <summary>Ours: not accepted yet; the rules, the quote and the contract are being checked.</summary>
    Checking,

    /// <summary>Ours: accepted and journaled, no placeOrder yet.</summary>
    New,
    ApiPending,
    PendingSubmit,
    PreSubmitted,
    Submitted,

    /// <summary>Ours: a working status with some quantity filled.</summary>
    PartiallyFilled,
    PendingCancel,
    ApiCancelled,
    Cancelled,
    Filled,

    /// <summary>IB's Inactive: not final by itself (held, or about to be explained by an error such as 201).</summary>
    Inactive,

    /// <summary>Ours: refused by IB (201, ...) or by a read-only gateway (321).</summary>
    Rejected,
}

public static class OrderStatusCodes
{
    /// <summary>IB's or a journal's status string; one the bridge does not know is <see cref="OrderStatusCode.Unknown"/>.</summary>
    public static OrderStatusCode Parse(string? status) =>
        Enum.TryParse<OrderStatusCode>(status, ignoreCase: false, out var code) && !int.TryParse(status, out _)
            ? code
            : OrderStatusCode.Unknown;

    public static string ToWire(this OrderStatusCode status) => status.ToString();

    public static bool IsFinal(this OrderStatusCode status) =>
        status is OrderStatusCode.Filled or OrderStatusCode.Cancelled or OrderStatusCode.ApiCancelled or OrderStatusCode.Rejected;

    /// <summary>Sent, and IB has not said it has it yet.</summary>
    public static bool AwaitsIb(this OrderStatusCode status) => status is OrderStatusCode.New or OrderStatusCode.PendingSubmit;
}

/// <summary>
/// Statuses are journaled as their names, as they were when they were strings, so events and snapshots stored before
/// the enum read unchanged; a name this build does not know reads as Unknown instead of failing the recovery.
/// </summary>
internal sealed class OrderStatusJsonConverter : JsonConverter<OrderStatusCode>
{
    public override OrderStatusCode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? OrderStatusCodes.Parse(reader.GetString()) : OrderStatusCode.Unknown;

    public override void Write(Utf8JsonWriter writer, OrderStatusCode value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToWire());
}
