namespace WheelStrat.Api.OpenApi;

/// <summary>The query parameters that name one contract (/quote, /history), with the rules SpecParser enforces.</summary>
public static class ContractQuery
{
    public const string SymbolPattern = "^[A-Za-z0-9][A-Za-z0-9.\\- ]{0,11}$";

    public static readonly ApiParameter Symbol = new("symbol", "Ticker symbol (the underlying for an option)")
    {
        Required = true, Pattern = SymbolPattern, Example = "AAPL",
    };

    public static readonly ApiParameter[] Contract =
    [
        Symbol,
        new("secType", "STK (default) or OPT") { Enum = ["STK", "OPT"], Default = "STK" },
        new("expiration", "Option expiration, YYYYMMDD (required for OPT)") { Pattern = "^[0-9]{8}$" },
        new("strike", "Option strike (required for OPT)") { Type = "number", Minimum = 0.0001m, Maximum = 1_000_000m },
        new("right", "Option right (required for OPT): C or P") { Enum = ["C", "P"] },
    ];
}
