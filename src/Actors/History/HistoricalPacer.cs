namespace WheelStrat.Actors.History;

/// <summary>
/// IB's historical-data pacing rules (API guide, "Historical Data Limitations"): no identical request
/// within 15 s; no six or more requests for the same contract, exchange and data type within 2 s;
/// at most 60 requests in any 10 minutes. Pure: it answers how long to wait before the next send.
/// </summary>
public sealed class HistoricalPacer(int maxPerTenMinutes = 60, int maxSameContractPerTwoSeconds = 5)
{
    // IB measures when requests arrive; we measure when we send. A margin on each window keeps
    // uneven latency (a slow first request, a quick sixth) from turning into a violation.
    private static readonly TimeSpan IdenticalWindow = TimeSpan.FromSeconds(16);
    private static readonly TimeSpan BurstWindow = TimeSpan.FromSeconds(2.5);
    private static readonly TimeSpan LongWindow = TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(10);

    private readonly List<(DateTimeOffset At, string Identity, string PacingKey)> _sent = [];

    public TimeSpan WaitBefore(string identity, string pacingKey, DateTimeOffset now)
    {
        _sent.RemoveAll(s => now - s.At >= LongWindow);
        var wait = TimeSpan.Zero;

        foreach (var s in _sent.Where(s => s.Identity == identity))
        {
            wait = Max(wait, s.At + IdenticalWindow - now);
        }

        var burst = _sent.Where(s => s.PacingKey == pacingKey && now - s.At < BurstWindow).ToList();
        if (burst.Count >= maxSameContractPerTwoSeconds)
        {
            wait = Max(wait, burst[^maxSameContractPerTwoSeconds].At + BurstWindow - now);
        }

        if (_sent.Count >= maxPerTenMinutes)
        {
            wait = Max(wait, _sent[^maxPerTenMinutes].At + LongWindow - now);
        }

        return wait;
    }

    /// <summary>How long until <paramref name="count"/> more requests (distinct contracts) have all been sent under the 10-minute limit.</summary>
    public TimeSpan EstimateDrain(int count, DateTimeOffset now)
    {
        var times = _sent.Select(s => s.At).Where(at => now - at < LongWindow).ToList();
        var at = now;
        for (var i = 0; i < count; i++)
        {
            if (times.Count >= maxPerTenMinutes)
            {
                at = Max(at, times[^maxPerTenMinutes] + LongWindow);
            }

            times.Add(at);
        }

        return at - now;
    }

    public void Sent(string identity, string pacingKey, DateTimeOffset now) => _sent.Add((now, identity, pacingKey));

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
