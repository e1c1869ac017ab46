using System.Globalization;
using WheelStrat.Tws.Messages;

namespace WheelStrat.Actors.Contracts;

/// <summary>
/// What a caller means by an instrument, before IB has qualified it: a stock by symbol, or an option by
/// symbol, expiration (yyyyMMdd), strike and right (C/P). <see cref="Key"/> names it: "AAPL",
/// "AMZN 20260213 200 P".
/// </summary>
public sealed record ContractSpec(
    string Symbol,
    string SecType = "STK",
    string? Expiration = null,
    decimal? Strike = null,
    string? Right = null,
    string Exchange = "SMART",
    string Currency = "USD")
{
    public bool IsOption => SecType == "OPT";

    public string Key => IsOption
        ? $"{Symbol} {Expiration} {Strike?.ToString("0.####", CultureInfo.InvariantCulture)} {Right}"
        : Symbol;

    public static ContractSpec Stock(string symbol) => new(symbol);

    public static ContractSpec Option(string symbol, string expiration, decimal strike, string right) =>
        new(symbol, "OPT", expiration, strike, right);

    public Contract ToContract() => IsOption
        ? Contract.Option(Symbol, Expiration!, (double)Strike!.Value, Right!, Exchange, Currency)
        : Contract.Stock(Symbol, Exchange, Currency);

    public override string ToString() => Key;
}
