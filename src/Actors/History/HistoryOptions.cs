namespace WheelStrat.Actors.History;

/// <summary>Section "History".</summary>
public sealed class HistoryOptions
{
    public const string Section = "History";

    /// <summary>
    /// How long a caller waits for its bars (queue time included). Below the app's 60 s HTTP timeout
    /// on purpose: the caller must get the bridge's own 504, not a timeout of its own.
    /// </summary>
    public TimeSpan Wait { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>How long IB gets to answer one request once it is sent.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>Results are reused for identical queries this long (IB forbids identical requests within 15 s anyway).</summary>
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>After a pacing violation (162) the request waits this long before it is sent again.</summary>
    public TimeSpan PacingViolationWait { get; set; } = TimeSpan.FromSeconds(15);

    public int MaxRequestsPerTenMinutes { get; set; } = 60;

    /// <summary>How long a bulk job lets one contract's history wait in the pacing queue (IB allows 60 requests in 10 minutes).</summary>
    public TimeSpan JobRequestWait { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Contracts a job has in the queue at once: small, so interactive callers are never stuck behind a job.</summary>
    public int JobConcurrency { get; set; } = 2;

    /// <summary>A finished job's actor stops after this long; the jobs manager journals its final view and answers for it from then on.</summary>
    public TimeSpan JobPassivateAfter { get; set; } = TimeSpan.FromMinutes(2);
}
