namespace WheelStrat.Simulator;

/// <summary>How the paper gateway behaves. Everything random derives from <see cref="Seed"/>.</summary>
public sealed class SimulatorOptions
{
    /// <summary>0 = a free port (tests); 4002 = IB Gateway's paper port.</summary>
    public int Port { get; set; }

    /// <summary>Loopback by default; 0.0.0.0 inside a container so other services can reach it.</summary>
    public System.Net.IPAddress ListenAddress { get; set; } = System.Net.IPAddress.Loopback;

    public int Seed { get; set; } = 42;

    public string Account { get; set; } = "DU1234567";

    /// <summary>False: live market data is "not subscribed" (10089); delayed data after reqMarketDataType(3).</summary>
    public bool LiveData { get; set; } = true;

    /// <summary>The gateway's "Read-Only API" setting: place/cancel answer 321.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>IB's historical-data pacing rules (162 on violation).</summary>
    public bool EnforcePacing { get; set; } = true;

    /// <summary>How often subscribed instruments tick.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Orders larger than this fill in two parts (partial fill, then the rest).</summary>
    public decimal PartialFillAbove { get; set; } = decimal.MaxValue;

    public decimal StartingCash { get; set; } = 1_000_000m;
}
