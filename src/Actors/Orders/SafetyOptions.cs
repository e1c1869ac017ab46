using System.ComponentModel.DataAnnotations;

namespace WheelStrat.Actors.Orders;

/// <summary>The money and safety rules of section "Trading". Each one, when it refuses, names itself.</summary>
public sealed class SafetyOptions
{
    public const string Section = "Trading";

    /// <summary>No order reaches IB at all.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>Market orders on options fill at whatever the spread is; refused unless explicitly allowed.</summary>
    public bool AllowMarketOrdersOnOptions { get; set; }

    [Range(1, 1_000_000)]
    public decimal MaxShares { get; set; } = 1_000;

    [Range(1, 10_000)]
    public decimal MaxContracts { get; set; } = 10;

    /// <summary>Quantity × price × multiplier, in the contract's currency.</summary>
    [Range(1, 100_000_000)]
    public decimal MaxNotional { get; set; } = 100_000;

    /// <summary>A buy limit this fraction above, or a sell limit this fraction below, the current mid is refused.</summary>
    [Range(0.001, 10)]
    public decimal PriceBand { get; set; } = 0.25m;

    /// <summary>Empty = every symbol.</summary>
    public string[] AllowedSymbols { get; set; } = [];

    /// <summary>How long POST /order waits for IB's first status before answering with PendingSubmit.</summary>
    public TimeSpan SubmitWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A final order's actor stops after this long without a message; the journal keeps it and a request brings it back.</summary>
    public TimeSpan PassivateAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>An order snapshots its state every this many events and deletes the events the snapshot covers.</summary>
    [Range(1, 100_000)]
    public int SnapshotEvery { get; set; } = 50;

    /// <summary>
    /// Test hook for crash tests: wait this long between journaling the order id and sending placeOrder,
    /// so a test can kill the process in exactly that window. Zero (the default) in any real deployment.
    /// </summary>
    public TimeSpan PauseBeforeSendForTests { get; set; } = TimeSpan.Zero;
}
