namespace WheelStrat.Simulator.Market;

/// <summary>A two-sided quote with sizes.</summary>
public sealed record Quote(double Bid, double Ask, double Last, int BidSize, int AskSize, int LastSize, double Close, double Open, double High, double Low, long Volume);

/// <summary>An option's quote plus the model values behind it.</summary>
public sealed record OptionQuote(Quote Quote, BlackScholes.Result Model, double ImpliedVol, double UnderlyingPrice, long OpenInterest, long Volume);

/// <summary>
/// Seeded random walks for the stocks (one step per simulated second) and Black-Scholes for their
/// options. Deterministic: the same seed and the same clock readings give the same prices.
/// Not thread-safe; the gateway calls it under its lock.
/// </summary>
public sealed class MarketModel(Universe universe, int seed, TimeProvider clock)
{
    public const double RiskFreeRate = 0.04;
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private readonly Dictionary<string, Walk> _walks = [];

    public Universe Universe => universe;

    public DateTimeOffset Now => clock.GetUtcNow();

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Now, NewYork).DateTime);

    public double Spot(Underlying u) => WalkOf(u).AdvanceTo(Now);

    public Quote StockQuote(Underlying u)
    {
        var spot = Spot(u);
        var walk = WalkOf(u);
        var spread = Math.Max(0.01, Math.Round(spot * 0.0002, 2));
        var bid = Math.Round(spot - (spread / 2), 2);
        var ask = Math.Round(bid + spread, 2);
        var sizeSeed = (int)(walk.Steps % 97);
        return new Quote(bid, ask, Math.Round(spot, 2), 100 + (sizeSeed * 3), 100 + (sizeSeed * 5 % 400), 100,
            Math.Round(u.StartPrice, 2), Math.Round(walk.Open, 2), Math.Round(walk.High, 2), Math.Round(walk.Low, 2), 1_000_000 + (walk.Steps * 137));
    }

    public OptionQuote OptionQuote(OptionSeries o)
    {
        var spot = Spot(o.Underlying);
        var years = YearsToExpiry(o.Expiration);
        var iv = ImpliedVol(o.Underlying, o.Strike, spot);
        var model = BlackScholes.Price(o.Right == "C", spot, o.Strike, years, RiskFreeRate, iv);
        var tick = model.Price >= 3 ? 0.05 : 0.01;
        var halfSpread = Math.Max(tick, model.Price * 0.02);
        var bid = Math.Max(0, RoundTo(model.Price - halfSpread, tick));
        var ask = Math.Max(tick, RoundTo(model.Price + halfSpread, tick));
        var mid = RoundTo((bid + ask) / 2, 0.01);
        var oi = 500 + (Math.Abs(o.ConId) % 5000);
        var quote = new Quote(bid, ask, mid, 10, 12, 1, mid, mid, ask, bid, oi / 10);
        return new OptionQuote(quote, model, iv, spot, oi, oi / 10);
    }

    /// <summary>A mild smile: out-of-the-money strikes trade at a higher vol.</summary>
    public static double ImpliedVol(Underlying u, double strike, double spot) =>
        u.Volatility * (1 + (0.5 * Math.Pow(Math.Log(strike / spot), 2)));

    /// <summary>Options expire at 16:00 New York time on their date.</summary>
    public double YearsToExpiry(string expiration)
    {
        var date = DateTime.ParseExact(expiration, "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        var local = date.AddHours(16);
        var expiry = new DateTimeOffset(local, NewYork.GetUtcOffset(local));
        return Math.Max(0, (expiry - Now).TotalDays / 365.0);
    }

    private static double RoundTo(double value, double tick) => Math.Round(Math.Round(value / tick) * tick, 2);

    private Walk WalkOf(Underlying u)
    {
        if (!_walks.TryGetValue(u.Symbol, out var walk))
        {
            walk = new Walk(u, seed, Now);
            _walks[u.Symbol] = walk;
        }

        return walk;
    }

    /// <summary>One stock's walk: a step per simulated second; a long jump of the clock is one scaled step.</summary>
    private sealed class Walk(Underlying u, int seed, DateTimeOffset start)
    {
        private const int MaxSingleSteps = 600;
        private readonly Random _random = new(HashCode.Combine(seed, u.ConId));
        private readonly double _sigmaPerSecond = u.Volatility / Math.Sqrt(252 * 6.5 * 3600);
        private DateTimeOffset _at = start;
        private double _price = u.StartPrice;

        public long Steps { get; private set; }

        public double Open { get; } = u.StartPrice;

        public double High { get; private set; } = u.StartPrice;

        public double Low { get; private set; } = u.StartPrice;

        public double AdvanceTo(DateTimeOffset now)
        {
            var seconds = (long)(now - _at).TotalSeconds;
            if (seconds <= 0)
            {
                return _price;
            }

            if (seconds <= MaxSingleSteps)
            {
                for (var i = 0; i < seconds; i++)
                {
                    Step(1);
                }
            }
            else
            {
                Step(seconds);
            }

            _at = _at.AddSeconds(seconds);
            return _price;
        }

        private void Step(long seconds)
        {
            // Box-Muller from the seeded generator; mean-reverting a little so prices stay near the chain.
            var z = Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
            var drift = -0.0005 * Math.Log(_price / u.StartPrice) * Math.Min(seconds, 3600) / 60;
            _price *= Math.Exp(drift + (_sigmaPerSecond * Math.Sqrt(seconds) * z));
            Steps += seconds;
            High = Math.Max(High, _price);
            Low = Math.Min(Low, _price);
        }
    }
}
