using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.MarketData;
using WheelStrat.Actors.Orders;

namespace WheelStrat.Actors.Tests.Orders;

/// <summary>Each rule refuses what it should and names itself; each would fail if its rule were removed.</summary>
public sealed class SafetyRulesSpecs
{
    private static readonly QuoteSnapshot AaplQuote = new() { Key = "AAPL", Bid = 189.9, Ask = 190.1, Last = 190 };
    private static readonly QuoteSnapshot PutQuote = new() { Key = "AAPL 20261218 180 P", Bid = 3.9, Ask = 4.1 };
    private static readonly ContractSpec Put = ContractSpec.Option("AAPL", "20261218", 180, "P");
    private readonly SafetyOptions _options = new() { MaxShares = 500, MaxContracts = 5, MaxNotional = 50_000, PriceBand = 0.2m };

    [Fact]
    public void A_sound_order_passes() =>
        Assert.Null(SafetyRules.Check(Stock("BUY", 100, 189), AaplQuote, _options));

    [Fact]
    public void Read_only_mode_refuses_everything()
    {
        _options.ReadOnly = true;
        Assert.Equal(SafetyRules.ReadOnly, SafetyRules.Check(Stock("BUY", 1, 189), AaplQuote, _options)?.Rule);
    }

    [Fact]
    public void Market_orders_on_options_are_refused_unless_allowed()
    {
        var ticket = new OrderTicket(Put, "SELL", 1, "MKT", null, "DAY");
        Assert.Equal(SafetyRules.MarketOrderOnOption, SafetyRules.Check(ticket, PutQuote, _options)?.Rule);
        _options.AllowMarketOrdersOnOptions = true;
        Assert.Null(SafetyRules.Check(ticket, PutQuote, _options));
    }

    [Fact]
    public void Quantity_limits_are_separate_for_shares_and_contracts()
    {
        Assert.Equal(SafetyRules.MaxQuantity, SafetyRules.Check(Stock("BUY", 501, 100), AaplQuote with { Bid = 99.9, Ask = 100.1 }, _options)?.Rule);
        Assert.Equal(SafetyRules.MaxQuantity, SafetyRules.Check(new OrderTicket(Put, "SELL", 6, "LMT", 4.0m, "DAY"), PutQuote, _options)?.Rule);
        Assert.Null(SafetyRules.Check(new OrderTicket(Put, "SELL", 5, "LMT", 4.0m, "DAY"), PutQuote, _options));
    }

    [Fact]
    public void Notional_counts_the_option_multiplier()
    {
        // 3 contracts × $180 × 100 = $54,000 > $50,000.
        var expensive = new OrderTicket(Put, "BUY", 3, "LMT", 180m, "DAY");
        Assert.Equal(SafetyRules.MaxNotional, SafetyRules.Check(expensive, PutQuote with { Bid = 179.9, Ask = 180.1 }, _options)?.Rule);
        Assert.Equal(SafetyRules.MaxNotional, SafetyRules.Check(Stock("BUY", 300, 190), AaplQuote, _options)?.Rule);
    }

    [Fact]
    public void A_limit_far_through_the_market_is_refused_on_the_side_that_would_trade()
    {
        Assert.Equal(SafetyRules.PriceBand, SafetyRules.Check(Stock("BUY", 10, 240), AaplQuote, _options)?.Rule);
        Assert.Equal(SafetyRules.PriceBand, SafetyRules.Check(new OrderTicket(Put, "SELL", 1, "LMT", 1.0m, "DAY"), PutQuote, _options)?.Rule);
        // Far on the resting side is harmless: it waits (the old bridge's paper check relies on this).
        Assert.Null(SafetyRules.Check(Stock("BUY", 10, 120), AaplQuote, _options));
    }

    [Fact]
    public void The_allow_list_refuses_other_symbols()
    {
        _options.AllowedSymbols = ["SPY", "QQQ"];
        Assert.Equal(SafetyRules.SymbolNotAllowed, SafetyRules.Check(Stock("BUY", 1, 189), AaplQuote, _options)?.Rule);
    }

    [Fact]
    public void A_market_order_without_any_quote_is_refused()
    {
        var ticket = new OrderTicket(ContractSpec.Stock("AAPL"), "BUY", 1, "MKT", null, "DAY");
        Assert.Equal(SafetyRules.NoReferencePrice, SafetyRules.Check(ticket, null, _options)?.Rule);
    }

    private static OrderTicket Stock(string action, decimal quantity, decimal limit) =>
        new(ContractSpec.Stock("AAPL"), action, quantity, "LMT", limit, "DAY");
}
