using WheelStrat.Tws.Wire;

namespace WheelStrat.Tws.Messages;

/// <summary>An IB contract as it travels in requests and replies (IB's field names).</summary>
public sealed record Contract
{
    public int ConId { get; init; }
    public string Symbol { get; init; } = "";
    public string SecType { get; init; } = "";
    /// <summary>yyyyMMdd for options, yyyyMM for a futures month.</summary>
    public string LastTradeDateOrContractMonth { get; init; } = "";
    public double Strike { get; init; }
    /// <summary>C or P for options; empty otherwise.</summary>
    public string Right { get; init; } = "";
    public string Multiplier { get; init; } = "";
    public string Exchange { get; init; } = "";
    public string PrimaryExchange { get; init; } = "";
    public string Currency { get; init; } = "";
    public string LocalSymbol { get; init; } = "";
    public string TradingClass { get; init; } = "";

    public static Contract Stock(string symbol, string exchange = "SMART", string currency = "USD") =>
        new() { Symbol = symbol, SecType = "STK", Exchange = exchange, Currency = currency };

    public static Contract Option(string symbol, string expiration, double strike, string right,
        string exchange = "SMART", string currency = "USD") =>
        new()
        {
            Symbol = symbol, SecType = "OPT", LastTradeDateOrContractMonth = expiration, Strike = strike,
            Right = right, Multiplier = "100", Exchange = exchange, Currency = currency,
        };

    /// <summary>The 12-field block of requests: conId … primaryExchange, currency, localSymbol, tradingClass.</summary>
    internal static void WriteC12(FieldWriter w, Contract c)
    {
        w.Write(c.ConId);
        w.Write(c.Symbol);
        w.Write(c.SecType);
        w.Write(c.LastTradeDateOrContractMonth);
        w.Write(c.Strike);
        w.Write(c.Right);
        w.Write(c.Multiplier);
        w.Write(c.Exchange);
        w.Write(c.PrimaryExchange);
        w.Write(c.Currency);
        w.Write(c.LocalSymbol);
        w.Write(c.TradingClass);
    }

    internal static Contract ReadC12(ref FieldReader r) => new()
    {
        ConId = r.ReadInt(),
        Symbol = r.ReadString(),
        SecType = r.ReadString(),
        LastTradeDateOrContractMonth = r.ReadString(),
        Strike = r.ReadDouble(),
        Right = r.ReadString(),
        Multiplier = r.ReadString(),
        Exchange = r.ReadString(),
        PrimaryExchange = r.ReadString(),
        Currency = r.ReadString(),
        LocalSymbol = r.ReadString(),
        TradingClass = r.ReadString(),
    };

    /// <summary>The 11-field block of replies (openOrder, execDetails, position): no primaryExchange.</summary>
    internal static void WriteC11(FieldWriter w, Contract c)
    {
        w.Write(c.ConId);
        w.Write(c.Symbol);
        w.Write(c.SecType);
        w.Write(c.LastTradeDateOrContractMonth);
        w.Write(c.Strike);
        w.Write(c.Right);
        w.Write(c.Multiplier);
        w.Write(c.Exchange);
        w.Write(c.Currency);
        w.Write(c.LocalSymbol);
        w.Write(c.TradingClass);
    }

    internal static Contract ReadC11(ref FieldReader r) => new()
    {
        ConId = r.ReadInt(),
        Symbol = r.ReadString(),
        SecType = r.ReadString(),
        LastTradeDateOrContractMonth = r.ReadString(),
        Strike = r.ReadDouble(),
        Right = r.ReadString(),
        Multiplier = r.ReadString(),
        Exchange = r.ReadString(),
        Currency = r.ReadString(),
        LocalSymbol = r.ReadString(),
        TradingClass = r.ReadString(),
    };
}
