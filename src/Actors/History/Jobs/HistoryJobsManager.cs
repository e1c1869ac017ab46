using Akka.Actor;
using Akka.Persistence;
using WheelStrat.Actors.Diagnostics;
using WheelStrat.Actors.Replies;

namespace WheelStrat.Actors.History.Jobs;

public static class HistoryJobsProtocol
{
    /// <summary>Replies <see cref="JobAccepted"/>: the new job, or the existing one with the same spec.</summary>
    public sealed record SubmitJob(HistoryJobSpec Spec);

    public sealed record JobAccepted(HistoryJobView Job, bool Created);

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

    public sealed record JobList(IReadOnlyList<HistoryJobView> Jobs);
}

/// <summary>
/// /user/history-jobs: one persistent <see cref="HistoryJobActor"/> per job id (a hash of the spec, so a
/// resubmitted job is the same job), all started again after a restart so unfinished ones resume.
/// </summary>
public sealed class HistoryJobsManager : ObservedPersistentActor
{
    private readonly HistoryJobDependencies _deps;
    private readonly Dictionary<string, (IActorRef Actor, HistoryJobSubmitted Submitted)> _jobs = [];
    private readonly Dictionary<string, HistoryJobView> _views = [];

    public HistoryJobsManager(HistoryJobDependencies deps)
    {
        _deps = deps;

        Recover<HistoryJobSubmitted>(e => _jobs[e.Id] = (ActorRefs.Nobody, e));
        Recover<RecoveryCompleted>(_ =>
        {
            foreach (var (id, job) in _jobs.ToList())
            {
                _jobs[id] = (Start(job.Submitted), job.Submitted);
            }
        });

        Command<HistoryJobsProtocol.SubmitJob>(OnSubmit);
        Command<HistoryJobsProtocol.GetJob>(m => ForwardTo(m.Id, m));
        Command<HistoryJobsProtocol.CancelJob>(m => ForwardTo(m.Id, m));
        Command<HistoryJobsProtocol.ListJobs>(_ =>
            Sender.Tell(new HistoryJobsProtocol.JobList([.. _views.Values.OrderByDescending(v => v.SubmittedAt)])));
        Command<HistoryJobView>(v => _views[v.Id] = v);
    }

    public override string PersistenceId => "history-jobs";

    protected override string Kind => "history-jobs";

    private void OnSubmit(HistoryJobsProtocol.SubmitJob m)
    {
        var id = m.Spec.Id;
        var sender = Sender;
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
        });
    }

    private void ForwardTo(string id, object message)
    {
        if (_jobs.TryGetValue(id, out var job))
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
