using System.Globalization;
using WheelStrat.Actors.Contracts;
using WheelStrat.Tws.Messages;

namespace WheelStrat.Actors.Orders;

/// <summary>
/// What the app asked to trade, already validated field by field. Its <see cref="Fingerprint"/> is
/// what "the same body" means for an idempotency key: a retry with the same ticket returns the
/// existing order, a different ticket under the same key is a conflict.
/// </summary>
public sealed record OrderTicket(
    ContractSpec Spec,
    string Action,
    decimal Quantity,
    string OrderType,
    decimal? LimitPrice,
    string Tif)
{
    public bool IsOption => Spec.IsOption;

    public bool IsMarket => OrderType == "MKT";

    /// <summary>Contract multiplier: 100 shares per US equity option.</summary>
    public decimal Multiplier => IsOption ? 100m : 1m;

    public string Fingerprint => string.Join('|',
        Spec.Key, Action, Quantity.ToString("0.########", CultureInfo.InvariantCulture), OrderType,
        LimitPrice?.ToString("0.########", CultureInfo.InvariantCulture) ?? "", Tif);

    /// <summary>The IB order this ticket describes; the caller adds what differs (orderRef, whatIf).</summary>
    public Order ToOrder() => new()
    {
        Action = Action,
        TotalQuantity = Quantity,
        OrderType = OrderType,
        LmtPrice = LimitPrice is { } p ? (double)p : null,
        Tif = Tif,
        Transmit = true,
    };
}
