using Microsoft.Extensions.Time.Testing;
using WheelStrat.Simulator.History;
using WheelStrat.Simulator.Market;

namespace WheelStrat.Simulator.Tests.Market;

/// <summary>The same seed and the same clock give the same market, chains and bars.</summary>
public sealed class DeterminismSpecs
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Same_seed_and_clock_give_the_same_prices_and_chains()
    {
        Assert.Equal(Run(seed: 7), Run(seed: 7));
        Assert.NotEqual(Run(seed: 7), Run(seed: 8));
    }

    [Fact]
    public void Bars_are_a_function_of_contract_time_and_seed()
    {
        var request = new BarGenerator.Request(200, 0.32, null, "TRADES", true, 2);
        var a = BarGenerator.Generate(1, request, "20261127-20:00:00", "2 D", "30 mins", Start, 42, 3691937).Data!;
        var b = BarGenerator.Generate(2, request, "20261127-20:00:00", "2 D", "30 mins", Start.AddDays(3), 42, 3691937).Data!;
        Assert.Equal(a.Bars, b.Bars);
        Assert.Equal(26, a.Bars.Count); // two regular sessions of 13 half-hours
    }

    private static string Run(int seed)
    {
        var clock = new FakeTimeProvider(Start);
        var model = new MarketModel(new Universe(), seed, clock);
        var prices = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(30));
            var aapl = model.StockQuote(model.Universe.BySymbol("AAPL")!);
            var put = model.OptionQuote(model.Universe.Option("AAPL", Universe.Expirations(model.Today)[2], 180, "P", model.Today)!);
            prices.Add($"{aapl.Bid}/{aapl.Ask} {put.Quote.Bid}/{put.Quote.Ask} {put.Model.Delta:0.0000}");
        }

        return string.Join(";", prices) + "|" + string.Join(",", Universe.Expirations(model.Today));
    }
}
