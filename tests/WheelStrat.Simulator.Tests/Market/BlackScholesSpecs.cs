using WheelStrat.Simulator.Market;

namespace WheelStrat.Simulator.Tests.Market;

public sealed class BlackScholesSpecs
{
    [Fact]
    public void Textbook_case_matches_hull()
    {
        // Hull, Options, Futures and Other Derivatives, Example 15.6: S=42, K=40, r=10%, σ=20%, T=0.5.
        var call = BlackScholes.Price(true, 42, 40, 0.5, 0.10, 0.20);
        var put = BlackScholes.Price(false, 42, 40, 0.5, 0.10, 0.20);
        Assert.Equal(4.76, Math.Round(call.Price, 2));
        Assert.Equal(0.81, Math.Round(put.Price, 2));
        Assert.Equal(0.7791, Math.Round(call.Delta, 4)); // N(d1), d1 = 0.7693
        Assert.Equal(call.Delta - 1, put.Delta, 10);
    }

    [Theory]
    [InlineData(190, 180, 0.1, 0.28)]
    [InlineData(600, 650, 0.5, 0.15)]
    [InlineData(140, 140, 0.02, 0.5)]
    public void Put_call_parity_holds(double s, double k, double t, double sigma)
    {
        var call = BlackScholes.Price(true, s, k, t, 0.04, sigma).Price;
        var put = BlackScholes.Price(false, s, k, t, 0.04, sigma).Price;
        Assert.Equal(s - (k * Math.Exp(-0.04 * t)), call - put, 6);
    }

    [Fact]
    public void Greeks_have_the_right_signs()
    {
        var put = BlackScholes.Price(false, 190, 180, 0.1, 0.04, 0.28);
        Assert.InRange(put.Delta, -1, 0);
        Assert.True(put.Gamma > 0 && put.Vega > 0 && put.Theta < 0);
    }
}
