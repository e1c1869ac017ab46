using System.Collections.Immutable;

namespace WheelStrat.Actors.History;

/// <summary>
/// IB's historical-data pacing rules (API guide, "Historical Data Limitations"): no identical request
/// within 15 s; no six or more requests for the same contract, exchange and data type within 2 s;
/// at most 60 requests in any 10 minutes. Of those 60, <paramref name="reservedForInteractive"/> are kept
/// for interactive callers: bulk requests (jobs, prefetch) may only use the rest, so a job never leaves
/// a person at a spinner without a slot. Pure: it answers how long to wait before the next send.
/// <para>
/// Its memory starts at <paramref name="startedAt"/>, but IB's does not: a job resumed after a kill asks again for
/// the contract that was in flight, the identical request, and IB calls it a violation if the dead process sent it
/// less than 15 s before. So bulk requests (the ones a resumed job repeats) wait out the identical window from the
/// start; interactive callers are not held up by what a job might have done.
/// </para>
/// </summary>
public sealed class HistoricalPacer(int maxPerTenMinutes = 60, int maxSameContractPerTwoSeconds = 5, int reservedForInteractive = 0, DateTimeOffset? startedAt = null)
{
    // IB measures when requests arrive; we measure when we send. A margin on each window keeps
    // uneven latency (a slow first request, a quick sixth) from turning into a violation.
    private static readonly TimeSpan IdenticalWindow = TimeSpan.FromSeconds(16);
    private static readonly TimeSpan BurstWindow = TimeSpan.FromSeconds(2.5);

    /// <summary>IB's ten minutes, plus the margin: a slot is free again this long after its request went out.</summary>
    public static readonly TimeSpan LongWindow = TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(10);

    private readonly List<(DateTimeOffset At, string Identity, string PacingKey, bool Bulk)> _sent = [];

    private int BulkLimit => maxPerTenMinutes - reservedForInteractive;

    public TimeSpan WaitBefore(string identity, string pacingKey, DateTimeOffset now, bool bulk = false)
    {
        Forget(now);
        var wait = bulk && startedAt is { } start ? Max(TimeSpan.Zero, start + IdenticalWindow - now) : TimeSpan.Zero;

        foreach (var s in _sent.Where(s => s.Identity == identity))
        {
            wait = Max(wait, s.At + IdenticalWindow - now);
        }

        var burst = _sent.Where(s => s.PacingKey == pacingKey && now - s.At < BurstWindow).ToList();
        if (burst.Count >= maxSameContractPerTwoSeconds)
        {
            wait = Max(wait, burst[^maxSameContractPerTwoSeconds].At + BurstWindow - now);
        }

        return Max(wait, SlotWait(Times(bulk: false), Times(bulk: true), bulk, now));
    }

    /// <summary>
    /// How long until <paramref name="count"/> more requests (distinct contracts) have all been sent under the
    /// 10-minute limit: all 60 slots for interactive requests, the unreserved ones for bulk requests.
    /// </summary>
    public TimeSpan EstimateDrain(int count, DateTimeOffset now, bool bulk = false)
    {
        Forget(now);
        var all = Times(bulk: false);
        var byJobs = Times(bulk: true);
        var at = now;
        for (var i = 0; i < count; i++)
        {
            at = Max(at, now + SlotWait(all, byJobs, bulk, now));
            all.Add(at);
            if (bulk)
            {
                byJobs.Add(at);
            }
        }

        return at - now;
    }

    public void Sent(string identity, string pacingKey, DateTimeOffset now, bool bulk = false) => _sent.Add((now, identity, pacingKey, bulk));

    /// <summary>The 10-minute window as it stands: what /health and /metrics show.</summary>
    public PacingWindow Window(DateTimeOffset now)
    {
        Forget(now);
        return new PacingWindow(maxPerTenMinutes, reservedForInteractive, [.. _sent.Select(s => s.At)], [.. _sent.Where(s => s.Bulk).Select(s => s.At)]);
    }

    private void Forget(DateTimeOffset now) => _sent.RemoveAll(s => now - s.At >= LongWindow);

    private List<DateTimeOffset> Times(bool bulk) => [.. _sent.Where(s => !bulk || s.Bulk).Select(s => s.At)];

    /// <summary>Every request needs a slot of the 60; a bulk one also needs one of the unreserved share.</summary>
    private TimeSpan SlotWait(List<DateTimeOffset> all, List<DateTimeOffset> byJobs, bool bulk, DateTimeOffset now)
    {
        var wait = WindowWait(all, maxPerTenMinutes, now);
        return bulk ? Max(wait, WindowWait(byJobs, BulkLimit, now)) : wait;
    }

    /// <summary>With <paramref name="limit"/> or more sent in the window, the next waits until enough of them age out.</summary>
    private static TimeSpan WindowWait(List<DateTimeOffset> times, int limit, DateTimeOffset now)
    {
        if (limit <= 0)
        {
            return LongWindow;
        }

        return times.Count >= limit ? Max(TimeSpan.Zero, times[^limit] + LongWindow - now) : TimeSpan.Zero;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}

/// <summary>The requests sent in IB's last ten minutes (all, and those of bulk jobs): pure arithmetic over them.</summary>
public sealed record PacingWindow(int Limit, int Reserved, ImmutableArray<DateTimeOffset> Sent, ImmutableArray<DateTimeOffset> SentByJobs)
{
    public static readonly PacingWindow Empty = new(60, 0, [], []);

    /// <summary>The budget at <paramref name="now"/>, with the queue lengths the history actor last reported.</summary>
    public PacingBudget At(DateTimeOffset now, int queuedInteractive, int queuedJobs)
    {
        var live = Sent.Where(at => now - at < HistoricalPacer.LongWindow).Order().ToList();
        var used = live.Count;
        var usedByJobs = SentByJobs.Count(at => now - at < HistoricalPacer.LongWindow);
        var nextSlot = used < Limit ? TimeSpan.Zero : live[used - Limit] + HistoricalPacer.LongWindow - now;
        return new PacingBudget(Limit, Reserved, used, usedByJobs, Math.Max(0, Limit - used), queuedInteractive, queuedJobs, nextSlot);
    }
}

/// <summary>
/// IB's 60 historical requests per ten minutes as the bridge spends them: <see cref="Reserved"/> are for interactive
/// /history only; <see cref="NextSlotIn"/> is zero while a slot is free, else when the oldest request ages out.
/// </summary>
public sealed record PacingBudget(int Limit, int Reserved, int Used, int UsedByJobs, int Free, int QueuedInteractive, int QueuedJobs, TimeSpan NextSlotIn);
