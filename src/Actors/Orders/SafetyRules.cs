using System.Globalization;
using WheelStrat.Actors.MarketData;
using WheelStrat.Actors.Replies;

namespace WheelStrat.Actors.Orders;

/// <summary>
/// The rules an order must pass before anything is journaled or sent. Pure: the ticket, the current
/// quote (may be missing) and the options in, the first refusal out. Rule names are stable: they are
/// what the API returns and what operators grep for.
/// </summary>
public static class SafetyRules
{
    public const string ReadOnly = "read-only";
    public const string MarketOrderOnOption = "no-market-orders-on-options";
    public const string MaxQuantity = "max-quantity";
    public const string MaxNotional = "max-notional";
    public const string PriceBand = "price-band";
    public const string SymbolNotAllowed = "symbol-allow-list";
    public const string NoReferencePrice = "no-reference-price";

    public static Rejected? Check(OrderTicket t, QuoteSnapshot? quote, SafetyOptions o)
    {
        if (o.ReadOnly)
        {
            return Refuse(ReadOnly, "the bridge is in read-only mode: no order is sent to IB");
        }

        if (o.AllowedSymbols.Length > 0 && !o.AllowedSymbols.Contains(t.Spec.Symbol, StringComparer.OrdinalIgnoreCase))
        {
            return Refuse(SymbolNotAllowed, $"{t.Spec.Symbol} is not in the allowed symbols");
        }

        if (t.IsOption && t.IsMarket && !o.AllowMarketOrdersOnOptions)
        {
            return Refuse(MarketOrderOnOption, "market orders on options are not allowed; send a limit order");
        }

        var max = t.IsOption ? o.MaxContracts : o.MaxShares;
        if (t.Quantity > max)
        {
            return Refuse(MaxQuantity, $"{t.Quantity} {(t.IsOption ? "contracts" : "shares")} exceeds the maximum of {max}");
        }

        var mid = Mid(quote);
        var price = t.LimitPrice ?? (t.Action == "BUY" ? (decimal?)quote?.Ask ?? mid : (decimal?)quote?.Bid ?? mid);
        if (price is null)
        {
            return t.IsMarket
                ? Refuse(NoReferencePrice, "no current quote to value this market order; retry or send a limit order")
                : null;
        }

        var notional = t.Quantity * price.Value * t.Multiplier;
        if (notional > o.MaxNotional)
        {
            return Refuse(MaxNotional, $"notional {notional.ToString("0.##", CultureInfo.InvariantCulture)} exceeds the maximum of {o.MaxNotional}");
        }

        // Only the side that trades at once is dangerous: a buy far above or a sell far below the mid
        // is a fat finger; a buy far below simply rests (the old bridge's paper check relies on that).
        if (t.LimitPrice is { } limit && mid is { } m && m > 0)
        {
            var away = t.Action == "BUY" ? (limit - m) / m : (m - limit) / m;
            if (away > o.PriceBand)
            {
                return Refuse(PriceBand, $"{t.Action} limit {limit} is more than {o.PriceBand:P0} through the current mid {m.ToString("0.####", CultureInfo.InvariantCulture)}");
            }
        }

        return null;
    }

    private static decimal? Mid(QuoteSnapshot? q) => q switch
    {
        { Bid: > 0, Ask: > 0 } => (decimal)((q.Bid!.Value + q.Ask!.Value) / 2),
        { Last: > 0 } => (decimal)q.Last!.Value,
        { Close: > 0 } => (decimal)q.Close!.Value,
        _ => null,
    };

    private static Rejected Refuse(string rule, string message) => new(message, Rule: rule);
}
