using System.ComponentModel.DataAnnotations;

namespace WheelStrat.Actors.MarketData;

/// <summary>Deadlines, caps and cache lifetimes of the read side (contracts, quotes, chains). Section "MarketData".</summary>
public sealed class MarketDataOptions
{
    public const string Section = "MarketData";

    public TimeSpan ContractTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan ContractCacheTtl { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long /quote waits for a complete stock snapshot before answering what it has.</summary>
    public TimeSpan StockQuoteWait { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Greeks can take seconds to arrive, so option quotes wait longer; this is for a line that has sent nothing at all.</summary>
    public TimeSpan OptionQuoteWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long after a line's first ticks its quote answers, complete or not: IB sends what it has as a burst (the
    /// model greeks a little later), and a side nobody quotes (a deep OTM option's bid) never comes. From then on the
    /// line is warm and answers at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10")]
    public TimeSpan QuoteSettle { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>IB's default market-data line allowance; the least recently used line is released first.</summary>
    [Range(1, 10_000)]
    public int MaxLines { get; set; } = 100;

    /// <summary>A line sends its subscribed streams at most one quote per this interval (the latest), however fast IB ticks.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan StreamInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A line nobody asked about for this long is cancelled.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A line with no tick for this long while the gateway is up is requested again.</summary>
    public TimeSpan SilentAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A quote whose last tick is older than this says stale. Outside trading hours lines stop ticking, so quotes say stale then too.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan ChainTimeout { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan ChainCacheTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Generic ticks: 100 option volume, 101 open interest, 104 historical vol, 106 implied vol.</summary>
    public string GenericTicks { get; set; } = "100,101,104,106";
}
