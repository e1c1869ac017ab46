namespace WheelStrat.Actors.MarketData;

/// <summary>Option greeks from tickOptionComputation (model values preferred over bid/ask/last).</summary>
public sealed record Greeks(
    double? Delta,
    double? Gamma,
    double? Vega,
    double? Theta,
    double? ImpliedVol,
    double? UndPrice,
    double? OptPrice,
    string Source);

/// <summary>What the bridge knows about one instrument's market, as /quote returns it.</summary>
public sealed record QuoteSnapshot
{
    public required string Key { get; init; }
    public int ConId { get; init; }
    public double? Bid { get; init; }
    public double? Ask { get; init; }
    public double? Last { get; init; }
    public double? Close { get; init; }
    public double? Open { get; init; }
    public double? High { get; init; }
    public double? Low { get; init; }
    public decimal? BidSize { get; init; }
    public decimal? AskSize { get; init; }
    public decimal? LastSize { get; init; }
    public decimal? Volume { get; init; }
    public decimal? OpenInterest { get; init; }
    public decimal? CallOpenInterest { get; init; }
    public decimal? PutOpenInterest { get; init; }
    public decimal? CallVolume { get; init; }
    public decimal? PutVolume { get; init; }
    public double? HistoricalVolatility { get; init; }
    public double? ImpliedVolatility { get; init; }
    public Greeks? Greeks { get; init; }

    /// <summary>live, frozen, delayed or delayed-frozen (IB's marketDataType 1..4).</summary>
    public string MarketDataType { get; init; } = "live";
    public DateTimeOffset? AsOf { get; init; }
    public bool Complete { get; init; }

    /// <summary>
    /// Which of bid, ask, last and (for an option) greeks IB has not sent. A deep OTM option has no bid and
    /// no last: its quote answers once the line has settled, incomplete, rather than waiting for ticks that never come.
    /// </summary>
    public IReadOnlyList<string> Missing { get; init; } = [];

    /// <summary>The values may be old: the line's farm is down, IB is lost (1100), the gateway is disconnected,
    /// a competing session holds the data (10197), or the last tick is older than MarketData:StaleAfter.</summary>
    public bool Stale { get; init; }

    /// <summary>Why the quote is stale (null when it is not).</summary>
    public string? StaleReason { get; init; }

    /// <summary>Since when the reason holds (the outage's start, or the last tick).</summary>
    public DateTimeOffset? StaleSince { get; init; }

    /// <summary>What the caller should know: delayed fallback (10089/354), IB errors on the line, ...</summary>
    public IReadOnlyList<string> Notices { get; init; } = [];
}
