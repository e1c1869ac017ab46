using Akka.Actor;
using Akka.Event;
using WheelStrat.Actors.Diagnostics;
using WheelStrat.Actors.Replies;

namespace WheelStrat.Actors.History.Jobs;

/// <summary>
/// /user/history-prefetch: once a weekday at the configured time, one bulk job per watchlist symbol
/// and bar size — the job ids include the date, so each day's run is new and a rerun is not.
/// </summary>
public sealed class HistoryPrefetchActor : ObservedActor, IWithTimers
{
    /// <summary>Nobody waits for the answer (it is only logged), but the index should not journal a job long after it was asked.</summary>
    private static readonly TimeSpan SubmitWait = TimeSpan.FromSeconds(30);

    private readonly IActorRef _jobs;
    private readonly PrefetchOptions _options;
    private readonly TimeProvider _time;
    private readonly TimeZoneInfo _zone;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public HistoryPrefetchActor(IActorRef jobs, PrefetchOptions options, TimeProvider time)
    {
        _jobs = jobs;
        _options = options;
        _time = time;
        _zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);

        Receive<Run>(_ => OnRun());
        Receive<HistoryJobsProtocol.SubmitJobReply.Accepted>(m =>
            _log.Info("Prefetch job {JobId} for {Symbol} {BarSize}: {State}", m.Job.Id, m.Job.Spec.Symbol, m.Job.Spec.BarSize, m.Created ? "submitted" : "already known"));
        Receive<HistoryJobsProtocol.SubmitJobReply.Failure>(m => _log.Warning("A prefetch job was not submitted: {Reason}", m.Reason.Message));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override string Kind => "history-prefetch";

    protected override void PreStart()
    {
        base.PreStart();
        ScheduleNext();
    }

    /// <summary>The next occurrence of the configured time (on a weekday, unless every day is allowed), strictly after now.</summary>
    public static DateTimeOffset NextRun(DateTimeOffset now, TimeSpan at, TimeZoneInfo zone, bool weekdaysOnly = true)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        for (var day = local.Date; ; day = day.AddDays(1))
        {
            var candidate = day + at;
            var offset = zone.GetUtcOffset(candidate);
            var when = new DateTimeOffset(candidate, offset);
            if (when > now && !(weekdaysOnly && day.DayOfWeek is (DayOfWeek.Saturday or DayOfWeek.Sunday)))
            {
                return when;
            }
        }
    }

    private void ScheduleNext()
    {
        if (_options.Watchlists.Count == 0)
        {
            ReportState("no watchlists");
            return;
        }

        var now = _time.GetUtcNow();
        var next = NextRun(now, _options.At, _zone, _options.WeekdaysOnly);
        Timers.StartSingleTimer("run", Run.Instance, next - now);
        ReportState($"next run {next:O}");
    }

    private void OnRun()
    {
        var to = _time.GetUtcNow();
        to = new DateTimeOffset(to.Ticks - (to.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        foreach (var list in _options.Watchlists)
        {
            foreach (var symbol in list.Symbols.Select(s => s.Trim().ToUpperInvariant()).Distinct())
            {
                foreach (var barSize in (list.BarSizes.Count > 0 ? list.BarSizes : ["1 hour"]).Select(b => BarSizes.Canonical(b) ?? throw new InvalidOperationException($"History:Prefetch: '{b}' is not an IB bar size")))
                {
                    var spec = new HistoryJobSpec(symbol, null, null, list.ExpirationsAhead, null, list.StrikeWindowPct, list.Rights.Count > 0 ? [.. list.Rights.Select(r => r.Trim().ToUpperInvariant()).Distinct().Order(StringComparer.Ordinal)] : ["C", "P"],
                        barSize, list.WhatToShow, true, to.AddDays(-list.Days), to);
                    _jobs.Tell(new HistoryJobsProtocol.SubmitJob(spec, NotAfter.In(SubmitWait, _time.GetUtcNow())));
                }
            }
        }

        ScheduleNext();
    }

    private sealed record Run { public static readonly Run Instance = new(); }
}
