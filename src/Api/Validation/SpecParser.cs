using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using WheelStrat.Actors.Contracts;

namespace WheelStrat.Api.Validation;

/// <summary>
/// Reads a contract spec from query fields (symbol, secType, expiration, strike, right) or from an
/// instrument key ("AAPL", "AMZN 20260213 200 P"), reporting each bad field by name. Nothing invalid
/// reaches an actor, let alone IB.
/// </summary>
public static partial class SpecParser
{
    public const decimal MaxStrike = 1_000_000m;

    public static ContractSpec? FromQuery(IQueryCollection query, Errors errors, string prefix = "")
    {
        var symbol = Symbol(query["symbol"].ToString(), errors, prefix + "symbol");
        var secType = query["secType"].ToString().Trim().ToUpperInvariant();
        if (secType.Length == 0)
        {
            secType = "STK";
        }

        if (secType is not ("STK" or "OPT"))
        {
            errors.Add(prefix + "secType", "must be STK or OPT");
            return null;
        }

        if (secType == "STK")
        {
            return symbol is null ? null : ContractSpec.Stock(symbol);
        }

        var expiration = Expiration(query["expiration"].ToString(), errors, prefix + "expiration");
        var strike = Strike(query["strike"].ToString(), errors, prefix + "strike");
        var right = Right(query["right"].ToString(), errors, prefix + "right");
        return symbol is null || expiration is null || strike is null || right is null
            ? null
            : ContractSpec.Option(symbol, expiration, strike.Value, right);
    }

    public static ContractSpec? FromKey(string key, Errors errors, string field)
    {
        var parts = key.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 1)
        {
            var symbol = Symbol(parts[0], errors, field);
            return symbol is null ? null : ContractSpec.Stock(symbol);
        }

        if (parts.Length != 4)
        {
            errors.Add(field, $"'{Shorten(key)}' is neither SYMBOL nor 'SYMBOL YYYYMMDD STRIKE C|P'");
            return null;
        }

        var s = Symbol(parts[0], errors, field);
        var e = Expiration(parts[1], errors, field);
        var k = Strike(parts[2], errors, field);
        var r = Right(parts[3], errors, field);
        return s is null || e is null || k is null || r is null ? null : ContractSpec.Option(s, e, k.Value, r);
    }

    public static string? Symbol(string raw, Errors errors, string field)
    {
        var symbol = raw.Trim().ToUpperInvariant();
        if (symbol.Length == 0)
        {
            errors.Add(field, "is required");
            return null;
        }

        if (!SymbolPattern().IsMatch(symbol))
        {
            errors.Add(field, $"'{Shorten(raw)}' is not a ticker symbol (1-12 letters, digits, '.', '-' or ' ')");
            return null;
        }

        return symbol;
    }

    public static string? Expiration(string raw, Errors errors, string field)
    {
        var text = raw.Trim().Replace("-", "", StringComparison.Ordinal);
        if (text.Length == 0)
        {
            errors.Add(field, "is required for options");
            return null;
        }

        if (!DateTime.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            errors.Add(field, $"'{Shorten(raw)}' is not a date in the form YYYYMMDD (or YYYY-MM-DD)");
            return null;
        }

        return text;
    }

    public static decimal? Strike(string raw, Errors errors, string field)
    {
        if (raw.Trim().Length == 0)
        {
            errors.Add(field, "is required for options");
            return null;
        }

        if (!decimal.TryParse(raw, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var strike) || strike <= 0 || strike > MaxStrike)
        {
            errors.Add(field, $"'{Shorten(raw)}' must be a number greater than 0 and at most {MaxStrike}");
            return null;
        }

        return strike;
    }

    public static string? Right(string raw, Errors errors, string field)
    {
        var right = raw.Trim().ToUpperInvariant() switch
        {
            "C" or "CALL" => "C",
            "P" or "PUT" => "P",
            "" => null,
            _ => "?",
        };
        if (right is null)
        {
            errors.Add(field, "is required for options");
        }
        else if (right == "?")
        {
            errors.Add(field, $"'{Shorten(raw)}' must be C, P, CALL or PUT");
            right = null;
        }

        return right;
    }

    internal static string Shorten(string s) => s.Length > 40 ? s[..40] + "…" : s;

    [GeneratedRegex("^[A-Z0-9][A-Z0-9.\\- ]{0,11}$")]
    private static partial Regex SymbolPattern();
}
