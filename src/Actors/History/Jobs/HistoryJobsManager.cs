using Akka.Actor;
using WheelStrat.Actors.Diagnostics;
using WheelStrat.Actors.Replies;

namespace WheelStrat.Actors.History.Jobs;

public static class HistoryJobsProtocol
{
    /// <summary>Replies <see cref="JobAccepted"/>: the new job, or the existing one with the same spec.</summary>
    public sealed record SubmitJob(HistoryJobSpec Spec, NotAfter NotAfter) : IWithDeadline;

    public sealed record JobAccepted(HistoryJobView Job, bool Created) : IReplyTo<SubmitJob>;

    /// <summary>Replies <see cref="HistoryJobView"/> (with the time left under IB's pacing) or NotFound.</summary>
    public sealed record GetJob(string Id, NotAfter NotAfter) : IWithDeadline;

    /// <summary>Replies <see cref="HistoryJobView"/> (cancelled, or already finished) or NotFound; past its deadline it cancels nothing.</summary>
    public sealed record CancelJob(string Id, NotAfter NotAfter) : IWithDeadline;

    /// <summary>Replies <see cref="JobList"/>, newest first.</summary>
    public sealed record ListJobs(NotAfter NotAfter) : IWithDeadline;

    public sealed record JobList(IReadOnlyList<HistoryJobView> Jobs) : IReplyTo<ListJobs>;

    /// <summary>
    /// What the index sends a job entity, with the job's spec: the entity's journal holds only its progress, so any
    /// incarnation learns what it is from its first message.
    /// </summary>
    internal sealed record ForJob(HistoryJobSubmitted Job, object Message);

    /// <summary>Start (or keep running): sent to every unsettled job when the index recovers.</summary>
    internal sealed class WakeUp
    {
        public static readonly WakeUp Instance = new();

        private WakeUp()
        {
        }
    }

    /// <summary>
    /// A job finished and idle for <see cref="HistoryOptions.JobPassivateAfter"/> asks to be settled. The index
    /// journals its final view, answers for it from then on, and sends <see cref="Settled"/> through the region,
    /// behind whatever it forwarded before (one sender, one path, one order), on which the job passivates.
    /// </summary>
    internal sealed record Settle(HistoryJobView Final);

    internal sealed class Settled
    {
        public static readonly Settled Instance = new();

        private Settled()
        {
        }
    }

    /// <summary>The shard's stop message: on passivation, and when the shard hands off to another node.</summary>
    internal sealed class StopNow
    {
        public static readonly StopNow Instance = new();

        private StopNow()
        {
        }
    }
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
