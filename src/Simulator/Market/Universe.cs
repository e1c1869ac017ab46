namespace WheelStrat.Simulator.Market;

/// <summary>A stock the simulator knows, with what contract details report about it.</summary>
public sealed record Underlying(string Symbol, int ConId, double StartPrice, double Volatility, string LongName, string PrimaryExchange, string Industry);

/// <summary>One listed option.</summary>
public sealed record OptionSeries(Underlying Underlying, string Expiration, double Strike, string Right, int ConId)
{
    /// <summary>OCC-style local symbol: "AAPL  261218P00180000".</summary>
    public string LocalSymbol =>
        $"{Underlying.Symbol,-6}{Expiration[2..]}{Right}{(long)Math.Round(Strike * 1000):00000000}";
}

/// <summary>The default universe (the wheel candidates the app scans) and its option chains.</summary>
public sealed class Universe
{
    public static readonly IReadOnlyList<Underlying> Default =
    [
        new("AAPL", 265598, 190, 0.28, "APPLE INC", "NASDAQ", "Technology"),
        new("AMZN", 3691937, 200, 0.32, "AMAZON.COM INC", "NASDAQ", "Communications"),
        new("MSFT", 272093, 420, 0.25, "MICROSOFT CORP", "NASDAQ", "Technology"),
        new("META", 107113386, 560, 0.35, "META PLATFORMS INC-CLASS A", "NASDAQ", "Communications"),
        new("NVDA", 4815747, 140, 0.50, "NVIDIA CORP", "NASDAQ", "Technology"),
        new("TSLA", 76792991, 250, 0.55, "TESLA INC", "NASDAQ", "Consumer, Cyclical"),
        new("SPY", 756733, 600, 0.15, "SPDR S&P 500 ETF TRUST", "ARCA", "Funds"),
        new("QQQ", 320227571, 510, 0.20, "INVESCO QQQ TRUST SERIES 1", "NASDAQ", "Funds"),
    ];

    private readonly Dictionary<string, Underlying> _bySymbol;
    private readonly Dictionary<int, Underlying> _byConId;

    public Universe(IEnumerable<Underlying>? underlyings = null)
    {
        var list = (underlyings ?? Default).ToList();
        _bySymbol = list.ToDictionary(u => u.Symbol, StringComparer.OrdinalIgnoreCase);
        _byConId = list.ToDictionary(u => u.ConId);
    }

    public IEnumerable<Underlying> Underlyings => _bySymbol.Values;

    public Underlying? BySymbol(string symbol) => _bySymbol.GetValueOrDefault(symbol);

    public Underlying? ByConId(int conId) => _byConId.GetValueOrDefault(conId);

    /// <summary>Weekly Fridays for 8 weeks plus the monthly third Fridays for 6 months, as of <paramref name="today"/>.</summary>
    public static IReadOnlyList<string> Expirations(DateOnly today)
    {
        var dates = new SortedSet<DateOnly>();
        var friday = today.AddDays(((int)DayOfWeek.Friday - (int)today.DayOfWeek + 7) % 7);
        for (var i = 0; i < 8; i++)
        {
            dates.Add(friday.AddDays(7 * i));
        }

        for (var m = 0; m < 6; m++)
        {
            var first = new DateOnly(today.Year, today.Month, 1).AddMonths(m);
            var firstFriday = first.AddDays(((int)DayOfWeek.Friday - (int)first.DayOfWeek + 7) % 7);
            var third = firstFriday.AddDays(14);
            if (third >= today)
            {
                dates.Add(third);
            }
        }

        return [.. dates.Select(d => d.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture))];
    }

    /// <summary>Strikes ±30% around the listing price, on the usual increments.</summary>
    public static IReadOnlyList<double> Strikes(Underlying u)
    {
        var step = u.StartPrice switch { < 50 => 1.0, < 200 => 2.5, < 500 => 5.0, _ => 10.0 };
        var low = Math.Floor(u.StartPrice * 0.7 / step) * step;
        var high = Math.Ceiling(u.StartPrice * 1.3 / step) * step;
        var strikes = new List<double>();
        for (var k = low; k <= high + 1e-9; k += step)
        {
            strikes.Add(Math.Round(k, 2));
        }

        return strikes;
    }

    /// <summary>The listed option, if the expiration and strike are on the chain today.</summary>
    public OptionSeries? Option(string symbol, string expiration, double strike, string right, DateOnly today)
    {
        if (BySymbol(symbol) is not { } u || right is not ("C" or "P")
            || !Expirations(today).Contains(expiration) || !Strikes(u).Any(k => Math.Abs(k - strike) < 1e-6))
        {
            return null;
        }

        return new OptionSeries(u, expiration, strike, right, OptionConId(u.Symbol, expiration, strike, right));
    }

    /// <summary>
    /// Every listed option an incomplete option contract describes, as IB answers reqContractDetails for one:
    /// a blank expiration, strike (0) or right matches all, and a yyyyMM expiration matches that month.
    /// </summary>
    public IReadOnlyList<OptionSeries> Options(string symbol, string expiration, double strike, string right, DateOnly today)
    {
        if (BySymbol(symbol) is not { } u)
        {
            return [];
        }

        return
        [
            .. from e in Expirations(today)
               where e.StartsWith(expiration, StringComparison.Ordinal)
               from r in new[] { "C", "P" }
               where right.Length == 0 || r == right
               from k in Strikes(u)
               where strike == 0 || Math.Abs(k - strike) < 1e-6
               select new OptionSeries(u, e, k, r, OptionConId(u.Symbol, e, k, r)),
        ];
    }

    /// <summary>Stable, positive and far from the stocks' ids.</summary>
    public static int OptionConId(string symbol, string expiration, double strike, string right)
    {
        var h = 17u;
        foreach (var ch in $"{symbol}|{expiration}|{strike:0.###}|{right}")
        {
            h = (h * 31) + ch;
        }

        return (int)(500_000_000 + (h % 1_500_000_000));
    }
}
