using System.ComponentModel.DataAnnotations;

namespace WheelStrat.Actors.History;

/// <summary>Section "History". Every wait is a timer: zero or negative would fire at once or throw, so they are checked at start.</summary>
public sealed class HistoryOptions
{
    public const string Section = "History";

    /// <summary>
    /// How long a caller waits for its bars (queue time included). Below the app's 60 s HTTP timeout
    /// on purpose: the caller must get the bridge's own 504, not a timeout of its own.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan Wait { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>How long IB gets to answer one request once it is sent.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>Results are reused for identical queries this long (IB forbids identical requests within 15 s anyway); zero turns the cache off.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>After a pacing violation (162) the request waits this long before it is sent again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan PacingViolationWait { get; set; } = TimeSpan.FromSeconds(15);

    [Range(1, 60)]
    public int MaxRequestsPerTenMinutes { get; set; } = 60;

    /// <summary>
    /// The share of <see cref="MaxRequestsPerTenMinutes"/> kept for interactive /history: bulk jobs and the prefetch
    /// never use it, so a person waiting on a chart always has slots a job cannot take.
    /// </summary>
    [Range(0.0, 0.9)]
    public double InteractiveShare { get; set; } = 0.5;

    /// <summary>
    /// The most IB requests one /history query may need (its span over IB's step size for its bar size). More is
    /// a 422 naming the count, or a bulk job when the caller asks for one (asJob=true): it cannot be answered in time.
    /// </summary>
    [Range(1, 1000)]
    public int MaxIbRequestsPerQuery { get; set; } = 20;

    /// <summary>Slots kept for interactive requests, in whole requests.</summary>
    public int ReservedForInteractive => (int)Math.Round(MaxRequestsPerTenMinutes * InteractiveShare);

    /// <summary>How long a bulk job lets one contract's history wait in the pacing queue (IB allows 60 requests in 10 minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan JobRequestWait { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Contracts a job has in the queue at once: small, so interactive callers are never stuck behind a job.</summary>
    [Range(1, 10)]
    public int JobConcurrency { get; set; } = 2;

    /// <summary>A finished job's actor stops after this long; the jobs manager journals its final view and answers for it from then on.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan JobPassivateAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A job snapshots its state every this many events; the events and snapshots it covers are deleted.</summary>
    [Range(1, 100000)]
    public int JobSnapshotEvery { get; set; } = 100;
}
