using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace WheelStrat.Api.Orders;

/// <summary>
/// The body of POST /order, /orders and /orders/preview as the API description shows it. The bridge reads it with
/// <see cref="OrderRequestParser"/> (field by field; any other field is a 400 naming it); this class only
/// describes it, and its property names are the parser's fields (<see cref="OrderRequestParser.Fields"/>).
/// </summary>
public sealed class OrderBody
{
    [Required, RegularExpression("^[A-Za-z0-9][A-Za-z0-9.\\- ]{0,11}$"), Description("Ticker symbol (the underlying for an option)")]
    public string Symbol { get; init; } = "";

    [AllowedValues("STK", "OPT"), DefaultValue("STK"), Description("STK (default) or OPT")]
    public string? SecType { get; init; }

    [RegularExpression("^[0-9]{8}$"), Description("Option expiration, YYYYMMDD (OPT only)")]
    public string? Expiration { get; init; }

    [Range(0.0001, 1_000_000), Description("Option strike (OPT only)")]
    public decimal? Strike { get; init; }

    [AllowedValues("C", "P"), Description("Option right: C or P (OPT only)")]
    public string? Right { get; init; }

    [Required, AllowedValues("BUY", "SELL")]
    public string Action { get; init; } = "";

    [Required, Range(1, 1_000_000), Description("Whole shares, or whole contracts for an option (1.5 is a 400)")]
    public int Quantity { get; init; }

    [AllowedValues("LMT", "MKT"), DefaultValue("LMT"), Description("LMT (default) or MKT")]
    public string? OrderType { get; init; }

    [Range(0.0001, 1_000_000), Description( "Required for LMT, absent for MKT. Put on the contract's tick before it is sent, never to a worse price: a BUY rounds down, " + "a SELL up (stocks 0.01; options the contract's minTick under $3, then 0.05, or 0.10 for a nickel class). " + "The order and the preview show the price sent (limitPrice) and, when it moved, the one asked (requestedLimitPrice)")]
    public decimal? LimitPrice { get; init; }

    [AllowedValues("DAY", "GTC"), DefaultValue("DAY"), Description("DAY (default) or GTC")]
    public string? Tif { get; init; }
}
