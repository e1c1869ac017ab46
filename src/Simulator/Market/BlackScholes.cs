namespace WheelStrat.Simulator.Market;

/// <summary>Black-Scholes prices and greeks of European options (no dividends).</summary>
public static class BlackScholes
{
    public sealed record Result(double Price, double Delta, double Gamma, double Vega, double Theta);

    /// <param name="isCall">call (C) or put (P)</param>
    /// <param name="s">underlying price</param>
    /// <param name="k">strike</param>
    /// <param name="t">years to expiry</param>
    /// <param name="r">risk-free rate, continuous</param>
    /// <param name="sigma">volatility</param>
    public static Result Price(bool isCall, double s, double k, double t, double r, double sigma)
    {
        if (t <= 0 || sigma <= 0)
        {
            var intrinsic = Math.Max(0, isCall ? s - k : k - s);
            return new Result(intrinsic, isCall ? (s > k ? 1 : 0) : (s < k ? -1 : 0), 0, 0, 0);
        }

        var sqrtT = Math.Sqrt(t);
        var d1 = (Math.Log(s / k) + ((r + (sigma * sigma / 2)) * t)) / (sigma * sqrtT);
        var d2 = d1 - (sigma * sqrtT);
        var discount = Math.Exp(-r * t);
        var pdf = NormalPdf(d1);
        var gamma = pdf / (s * sigma * sqrtT);
        var vega = s * pdf * sqrtT / 100; // per 1 vol point, as IB reports it
        if (isCall)
        {
            var price = (s * NormalCdf(d1)) - (k * discount * NormalCdf(d2));
            var theta = ((-s * pdf * sigma / (2 * sqrtT)) - (r * k * discount * NormalCdf(d2))) / 365;
            return new Result(price, NormalCdf(d1), gamma, vega, theta);
        }
        else
        {
            var price = (k * discount * NormalCdf(-d2)) - (s * NormalCdf(-d1));
            var theta = ((-s * pdf * sigma / (2 * sqrtT)) + (r * k * discount * NormalCdf(-d2))) / 365;
            return new Result(price, NormalCdf(d1) - 1, gamma, vega, theta);
        }
    }

    public static double NormalPdf(double x) => Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI);

    /// <summary>Φ(x) via erfc; accurate to about 1e-7, far finer than a cent on any option price.</summary>
    public static double NormalCdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    private static double Erfc(double x)
    {
        // Numerical Recipes' erfc with Chebyshev coefficients: fractional error below 1.2e-7.
        var z = Math.Abs(x);
        var t = 1 / (1 + (0.5 * z));
        var poly = -1.26551223 + (t * (1.00002368 + (t * (0.37409196 + (t * (0.09678418 + (t * (-0.18628806
            + (t * (0.27886807 + (t * (-1.13520398 + (t * (1.48851587 + (t * (-0.82215223 + (t * 0.17087277)))))))))))))))));
        var r = t * Math.Exp((-z * z) + poly);
        return x >= 0 ? r : 2 - r;
    }
}
