using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using WheelStrat.Actors.Diagnostics;
using WheelStrat.Actors.Replies;

namespace WheelStrat.Actors.History.Jobs;

public static class HistoryJobsProtocol
{
    /// <summary>Replies <see cref="JobAccepted"/>: the new job, or the existing one with the same spec.</summary>
    public sealed record SubmitJob(HistoryJobSpec Spec);

    public sealed record JobAccepted(HistoryJobView Job, bool Created) : IReplyTo<SubmitJob>;

    /// <summary>Replies <see cref="HistoryJobView"/> (with the time left under IB's pacing) or NotFound.</summary>
    public sealed record GetJob(string Id);

    /// <summary>Replies <see cref="HistoryJobView"/> (cancelled, or already finished) or NotFound.</summary>
    public sealed record CancelJob(string Id);

    /// <summary>Replies <see cref="JobList"/>, newest first.</summary>
    public sealed class ListJobs
    {
        public static readonly ListJobs Instance = new();

        private ListJobs()
        {
        }
    }

    public sealed record JobList(IReadOnlyList<HistoryJobView> Jobs) : IReplyTo<ListJobs>;

    /// <summary>
    /// A job finished and idle for <see cref="HistoryOptions.JobPassivateAfter"/> asks to be settled. The
    /// manager journals its final view, answers for it from then on, and replies with the
    /// <see cref="HistoryJobSettled"/> it journaled, on which the job stops. Whatever the manager forwarded
    /// before reaches the job ahead of that reply (one sender, one order), so nothing is lost or answered twice.
    /// </summary>
    internal sealed record Settle(HistoryJobView Final);
}

/// <summary>
/// /user/history-jobs: one persistent <see cref="HistoryJobActor"/> per unsettled job id (a hash of the
/// spec, so a resubmitted job is the same job), started again after a restart so unfinished ones resume.
/// A finished job is settled: its final view is journaled here and its actor stops, so months of daily
/// prefetch jobs cost one view each, not one actor and one recovery each.
/// </summary>
public sealed class HistoryJobsManager : ObservedPersistentActor
{
    private const int SnapshotEvery = 100;

    private readonly HistoryJobDependencies _deps;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, (IActorRef Actor, HistoryJobSubmitted Submitted)> _jobs = [];
    private readonly Dictionary<string, HistoryJobView> _views = [];
    private readonly Dictionary<string, HistoryJobView> _settled = [];

    public HistoryJobsManager(HistoryJobDependencies deps)
    {
        _deps = deps;

        Recover<HistoryJobSubmitted>(e => _jobs[e.Id] = (ActorRefs.Nobody, e));
        Recover<HistoryJobSettled>(Apply);
        Recover<SnapshotOffer>(o =>
        {
            var s = (HistoryJobsSnapshot)o.Snapshot;
            foreach (var e in s.Unsettled)
            {
                _jobs[e.Id] = (ActorRefs.Nobody, e);
            }

            foreach (var v in s.Settled)
            {
                _settled[v.Id] = v;
            }
        });
        Recover<RecoveryCompleted>(_ =>
        {
            // Settled jobs stay journal entries; only the others come back to resume.
            foreach (var (id, job) in _jobs.ToList())
            {
                _jobs[id] = (Start(job.Submitted), job.Submitted);
            }
        });

        Command<HistoryJobsProtocol.SubmitJob>(OnSubmit);
        Command<HistoryJobsProtocol.GetJob>(m => ForwardTo(m.Id, m));
        Command<HistoryJobsProtocol.CancelJob>(m => ForwardTo(m.Id, m));
        Command<HistoryJobsProtocol.ListJobs>(_ =>
            Sender.Tell(new HistoryJobsProtocol.JobList([.. _views.Values.Concat(_settled.Values).OrderByDescending(v => v.SubmittedAt)])));
        Command<HistoryJobView>(v =>
        {
            if (_jobs.ContainsKey(v.Id))
            {
                _views[v.Id] = v;
            }
        });
        Command<HistoryJobsProtocol.Settle>(OnSettle);
        Command<SaveSnapshotSuccess>(_ => { });
        Command<SaveSnapshotFailure>(f => _log.Warning("History jobs snapshot failed: {Reason}", f.Cause.Message));
    }

    public override string PersistenceId => "history-jobs";

    protected override string Kind => "history-jobs";

    private void OnSubmit(HistoryJobsProtocol.SubmitJob m)
    {
        var id = m.Spec.Id;
        var sender = Sender;
        if (_settled.TryGetValue(id, out var settled))
        {
            sender.Tell(new HistoryJobsProtocol.JobAccepted(settled, false));
            return;
        }

        if (_jobs.ContainsKey(id))
        {
            _jobs[id].Actor.Ask<HistoryJobView>(new HistoryJobsProtocol.GetJob(id), TimeSpan.FromSeconds(3))
                .PipeTo(sender, success: v => new HistoryJobsProtocol.JobAccepted(v, false), failure: ex => new TimedOut($"job {id} did not answer: {ex.Message}"));
            return;
        }

        Persist(new HistoryJobSubmitted(id, m.Spec, _deps.Time.GetUtcNow()), e =>
        {
            _jobs[id] = (Start(e), e);
            var view = Initial(e);
            _views[id] = view;
            sender.Tell(new HistoryJobsProtocol.JobAccepted(view, true));
            SnapshotNow();
        });
    }

    private void OnSettle(HistoryJobsProtocol.Settle m)
    {
        if (!_jobs.TryGetValue(m.Final.Id, out var job) || !job.Actor.Equals(Sender))
        {
            return;
        }

        // Commands that arrive while this is journaled wait (Persist stashes them), then meet the settled view.
        Persist(new HistoryJobSettled(m.Final), e =>
        {
            Apply(e);
            job.Actor.Tell(e);
            SnapshotNow();
        });
    }

    private void Apply(HistoryJobSettled e)
    {
        var id = e.FinalView.Id;
        _jobs.Remove(id);
        _views.Remove(id);
        _settled[id] = e.FinalView;
    }

    private void SnapshotNow()
    {
        if (LastSequenceNr % SnapshotEvery == 0)
        {
            SaveSnapshot(new HistoryJobsSnapshot([.. _jobs.Values.Select(j => j.Submitted)], [.. _settled.Values]));
        }
    }

    private void ForwardTo(string id, object message)
    {
        if (_settled.TryGetValue(id, out var settled))
        {
            // What the job itself answered once finished, for a query and for a cancel alike.
            Sender.Tell(settled);
        }
        else if (_jobs.TryGetValue(id, out var job))
        {
            job.Actor.Forward(message);
        }
        else
        {
            Sender.Tell(new NotFound($"no history job '{id}'"));
        }
    }

    private IActorRef Start(HistoryJobSubmitted e)
    {
        _views.TryAdd(e.Id, Initial(e));
        return Context.ActorOf(Props.Create(() => new HistoryJobActor(e.Id, e.Spec, e.At, _deps)), e.Id);
    }

    private static HistoryJobView Initial(HistoryJobSubmitted e) =>
        new(e.Id, e.Spec, "planning", 0, 0, 0, 0, 0, null, new Dictionary<string, string>(), e.At, null, null);
}
