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
    /// <summary>
    /// What the app asked for, when the bridge moved <see cref="LimitPrice"/> onto the contract's tick; the
    /// fingerprint keeps it, so the same body under the same key stays the same order.
    /// </summary>
    public decimal? RequestedLimitPrice { get; init; }

    /// <summary>The tick the limit price was put on (known once IB described the contract).</summary>
    public decimal? PriceTick { get; init; }

    public bool IsOption => Spec.IsOption;

    public bool IsMarket => OrderType == "MKT";

    /// <summary>Contract multiplier: 100 shares per US equity option.</summary>
    public decimal Multiplier => IsOption ? 100m : 1m;

    public string Fingerprint => string.Join('|',
        Spec.Key, Action, Quantity.ToString("0.########", CultureInfo.InvariantCulture), OrderType,
        (RequestedLimitPrice ?? LimitPrice)?.ToString("0.########", CultureInfo.InvariantCulture) ?? "", Tif);

    /// <summary>The limit price on the contract's tick (IB refuses any other with 110), never worse than asked.</summary>
    public OrderTicket OnTick(double minTick)
    {
        if (LimitPrice is not { } price || RequestedLimitPrice is not null)
        {
            return this;
        }

        var rounded = PriceIncrements.Round(Spec.SecType, minTick, price, Action == "BUY");
        return this with
        {
            LimitPrice = rounded,
            RequestedLimitPrice = rounded == price ? null : price,
            PriceTick = PriceIncrements.TickFor(Spec.SecType, minTick, rounded),
        };
    }

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
