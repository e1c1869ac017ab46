using System.Diagnostics;
using Akka.Actor;
using WheelStrat.Actors.Diagnostics;
using WheelStrat.Actors.Replies;

namespace WheelStrat.Actors.History.Jobs;

public static class HistoryJobsProtocol
{
    /// <summary>The new job, or the existing one with the same spec.</summary>
    public sealed record SubmitJob(HistoryJobSpec Spec, NotAfter NotAfter) : IAsk<SubmitJobReply>;

    public abstract record SubmitJobReply : IClosedReply<SubmitJobReply>
    {
        private SubmitJobReply()
        {
        }

        public static SubmitJobReply Failing(Failed failed) => new Failure(failed);

        public T Match<T>(Func<Accepted, T> accepted, Func<Failure, T> failure) => this switch
        {
            Accepted a => accepted(a),
            Failure f => failure(f),
            _ => throw new UnreachableException(),
        };

        /// <summary><paramref name="Created"/>: new; otherwise the same job submitted before.</summary>
        public sealed record Accepted(HistoryJobView Job, bool Created) : SubmitJobReply;

        public sealed record Failure(Failed Reason) : SubmitJobReply;
    }

    /// <summary>The job's view, with the time left under IB's pacing; NotFound for an unknown id.</summary>
    public sealed record GetJob(string Id, NotAfter NotAfter) : IAsk<JobReply>;

    /// <summary>The job's view (cancelled, or already finished); NotFound for an unknown id; past its deadline it cancels nothing.</summary>
    public sealed record CancelJob(string Id, NotAfter NotAfter) : IAsk<JobReply>;

    /// <summary>The answer to <see cref="GetJob"/> and <see cref="CancelJob"/>: the same two cases.</summary>
    public abstract record JobReply : IClosedReply<JobReply>
    {
        private JobReply()
        {
        }

        public static JobReply Failing(Failed failed) => new Failure(failed);

        public T Match<T>(Func<Found, T> found, Func<Failure, T> failure) => this switch
        {
            Found j => found(j),
            Failure f => failure(f),
            _ => throw new UnreachableException(),
        };

        public sealed record Found(HistoryJobView Job) : JobReply;

        public sealed record Failure(Failed Reason) : JobReply;
    }

    /// <summary>Every job, newest first.</summary>
    public sealed record ListJobs(NotAfter NotAfter) : IAsk<JobListReply>;

    public abstract record JobListReply : IClosedReply<JobListReply>
    {
        private JobListReply()
        {
        }

        public static JobListReply Failing(Failed failed) => new Failure(failed);

        public T Match<T>(Func<Listed, T> listed, Func<Failure, T> failure) => this switch
        {
            Listed l => listed(l),
            Failure f => failure(f),
            _ => throw new UnreachableException(),
        };

        public sealed record Listed(IReadOnlyList<HistoryJobView> Jobs) : JobListReply;

        public sealed record Failure(Failed Reason) : JobListReply;
    }

    /// <summary>
    /// What the index sends a job entity, with the job's spec: the entity's journal holds only its progress, so any
    /// incarnation learns what it is from its first message.
    /// </summary>
    internal sealed record ForJob(HistoryJobSubmitted Job, object Message);

    /// <summary>Start (or keep running): sent to every unsettled job when the index recovers.</summary>
    internal sealed record WakeUp { public static readonly WakeUp Instance = new(); }

    /// <summary>
    /// A job finished and idle for <see cref="HistoryOptions.JobPassivateAfter"/> asks to be settled. The index
    /// journals its final view, answers for it from then on, and sends <see cref="Settled"/> through the region,
    /// behind whatever it forwarded before (one sender, one path, one order), on which the job passivates.
    /// </summary>
    internal sealed record Settle(HistoryJobView Final);

    internal sealed record Settled { public static readonly Settled Instance = new(); }

    /// <summary>The shard's stop message: on passivation, and when the shard hands off to another node.</summary>
    internal sealed record StopNow { public static readonly StopNow Instance = new(); }
}

/// <summary>
/// /user/history-jobs, on every node: the API's and the prefetch's one address for history jobs. Everything goes to
/// the <see cref="HistoryJobIndex"/> singleton, which routes to the sharded <see cref="HistoryJobActor"/> entities.
/// </summary>
public sealed class HistoryJobsManager : ObservedActor
{
    public HistoryJobsManager(IActorRef index)
    {
        Receive<HistoryJobsProtocol.SubmitJob>(index.Forward);
        Receive<HistoryJobsProtocol.GetJob>(index.Forward);
        Receive<HistoryJobsProtocol.CancelJob>(index.Forward);
        Receive<HistoryJobsProtocol.ListJobs>(index.Forward);
    }

    protected override string Kind => "history-jobs";
}
