using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Persistence;
using WheelStrat.Actors.Diagnostics;
using WheelStrat.Actors.Replies;
using static WheelStrat.Actors.History.Jobs.HistoryJobsProtocol;

namespace WheelStrat.Actors.History.Jobs;

/// <summary>
/// The journaled key index of the history-job entities (a cluster singleton, persistence id "history-jobs" as before
/// sharding, so one node writes it): a job is journaled here before its entity starts, so a restart wakes every
/// unfinished one. It is the read side behind GET /history/jobs (each entity reports its view), and holds the final
/// view of settled jobs: months of daily prefetch jobs cost one view each, not one entity and one recovery each.
/// </summary>
public sealed class HistoryJobIndex : ObservedPersistentActor
{
    private const int SnapshotEvery = 100;

    private readonly IActorRef _region;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, HistoryJobSubmitted> _jobs = [];
    private readonly Dictionary<string, HistoryJobView> _views = [];
    private readonly Dictionary<string, HistoryJobView> _settled = [];

    public HistoryJobIndex(IActorRef region, TimeProvider time)
    {
        _region = region;
        _time = time;

        Recover<HistoryJobSubmitted>(e => _jobs[e.Id] = e);
        Recover<HistoryJobSettled>(Apply);
        Recover<SnapshotOffer>(o =>
        {
            var s = (HistoryJobsSnapshot)o.Snapshot;
            foreach (var e in s.Unsettled)
            {
                _jobs[e.Id] = e;
            }

            foreach (var v in s.Settled)
            {
                _settled[v.Id] = v;
            }
        });
        Recover<RecoveryCompleted>(_ =>
        {
            // Settled jobs stay entries here; only the others come back to resume.
            foreach (var job in _jobs.Values)
            {
                _views.TryAdd(job.Id, Initial(job));
                ToJob(job, WakeUp.Instance);
            }
        });

        Command<SubmitJob>(OnSubmit);
        Command<GetJob>(m => ForwardTo(m.Id, m));
        Command<CancelJob>(m => ForwardTo(m.Id, m));
        Command<ListJobs>(m =>
        {
            if (!Sender.AnsweredLate(m, _time.GetUtcNow()))
            {
                // A List, not a collection expression: the reply crosses nodes, and the compiler's wrapper does not deserialize.
                Sender.Tell(new JobListReply.Listed(_views.Values.Concat(_settled.Values).OrderByDescending(v => v.SubmittedAt).ToList()));
            }
        });
        Command<HistoryJobView>(v =>
        {
            if (_jobs.ContainsKey(v.Id))
            {
                _views[v.Id] = v;
            }
        });
        Command<Settle>(OnSettle);
        DeleteWhatSnapshotsCover("history-jobs");
    }

    public override string PersistenceId => "history-jobs";

    protected override string Kind => "history-jobs-index";

    private void OnSubmit(SubmitJob m)
    {
        var id = m.Spec.Id;
        var sender = Sender;
        if (sender.AnsweredLate(m, _time.GetUtcNow()))
        {
            return;
        }

        if (_settled.TryGetValue(id, out var settled))
        {
            sender.Tell(new SubmitJobReply.Accepted(settled, false));
            return;
        }

        if (_jobs.TryGetValue(id, out var job))
        {
            // The job answers with its view as of now (and the time left); it is the same job, not a new one.
            _region.Ask<JobReply>(Envelope(job, new GetJob(id, m.NotAfter)), m.NotAfter.Remaining(_time.GetUtcNow()))
                .PipeTo(sender,
                    success: r => r.Match(found => new SubmitJobReply.Accepted(found.Job, false), failure => SubmitJobReply.Failing(failure.Reason)),
                    failure: ex => SubmitJobReply.Failing(new TimedOut($"job {id} did not answer: {ex.Message}")));
            return;
        }

        // Persisting stashes later commands, so the same spec submitted twice at once meets one job.
        Persist(new HistoryJobSubmitted(id, m.Spec, _time.GetUtcNow()), e =>
        {
            _jobs[id] = e;
            var view = Initial(e);
            _views[id] = view;
            ToJob(e, WakeUp.Instance);
            sender.Tell(new SubmitJobReply.Accepted(view, true));
            SnapshotNow();
        });
    }

    private void OnSettle(Settle m)
    {
        if (!_jobs.TryGetValue(m.Final.Id, out var job))
        {
            return;
        }

        // Commands that arrive while this is journaled wait (Persist stashes them), then meet the settled view.
        Persist(new HistoryJobSettled(m.Final), e =>
        {
            Apply(e);
            ToJob(job, Settled.Instance);
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
            SaveSnapshot(new HistoryJobsSnapshot([.. _jobs.Values], [.. _settled.Values]));
        }
    }

    private void ForwardTo(string id, IAsk<JobReply> message)
    {
        if (Sender.AnsweredLate(message, _time.GetUtcNow()))
        {
            return;
        }

        if (_settled.TryGetValue(id, out var settled))
        {
            // What the job itself answered once finished, for a query and for a cancel alike.
            Sender.Tell(new JobReply.Found(settled));
        }
        else if (_jobs.TryGetValue(id, out var job))
        {
            ToJob(job, message, Sender);
        }
        else
        {
            Sender.Tell(JobReply.Failing(new NotFound($"no history job '{id}'")));
        }
    }

    private void ToJob(HistoryJobSubmitted job, object message, IActorRef? sender = null) => _region.Tell(Envelope(job, message), sender ?? Self);

    private static ShardingEnvelope Envelope(HistoryJobSubmitted job, object message) => new(job.Id, new ForJob(job, message));

    private static HistoryJobView Initial(HistoryJobSubmitted e) => HistoryJobState.New.View(e.Id, e.Spec, e.At);
}
