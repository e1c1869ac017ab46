using System.Collections.Immutable;
using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.Persistence;
using WheelStrat.Actors.Replies;

namespace WheelStrat.Actors.History.Jobs;

/// <summary>planning → running → completed, or cancelled / failed (planning impossible). Shown in lower case.</summary>
public enum HistoryJobStatus
{
    Planning,
    Running,
    Completed,
    Cancelled,
    Failed,
}

/// <summary>One contract's history, stored: how many bars, and what it cost at IB.</summary>
public sealed record ContractOutcome(int Bars, int IbRequests);

/// <summary>What a job is asked to decide: its plan arrived or could not be made, a contract was answered, or a cancel.</summary>
public interface IHistoryJobCommand;

public sealed record AcceptPlan(ImmutableList<ContractSpec> Contracts) : IHistoryJobCommand;

public sealed record RejectPlan(string Reason) : IHistoryJobCommand;

public sealed record RecordAnswer(string Key, HistoryProtocol.HistoryReply Reply) : IHistoryJobCommand;

public sealed record CancelRun : IHistoryJobCommand { public static readonly CancelRun Instance = new(); }

/// <summary>The decision beside the events: journal them, do nothing, or ask again later (not the contract's fault).</summary>
public abstract record HistoryJobDecision
{
    public sealed record Journal : HistoryJobDecision;

    public sealed record Ignore(string Why) : HistoryJobDecision;

    public sealed record RetryLater(TimeSpan After, string Reason) : HistoryJobDecision;

    public static readonly HistoryJobDecision Journaled = new Journal();
}

/// <summary>
/// A history job's state, pure: <see cref="Decide"/> turns a command into a decision and the events to journal,
/// <see cref="Apply"/> folds an event in. It is also the job's snapshot ("history-job-state.v1").
/// </summary>
public sealed record HistoryJobState(
    ImmutableList<ContractSpec>? Contracts,
    ImmutableDictionary<string, ContractOutcome> Done,
    ImmutableDictionary<string, string> Errors,
    bool Cancelled,
    string? PlanFailure,
    DateTimeOffset? FinishedAt) : IJournalEvent
{
    /// <summary>More contracts than this is a request to narrow the job, not a job: it would hold IB's pacing for days.</summary>
    public const int MaxContracts = 2000;

    /// <summary>The gateway is away: a contract waits this long before it is asked again.</summary>
    public static readonly TimeSpan RetryAfterOutage = TimeSpan.FromSeconds(10);

    public static readonly HistoryJobState New = new(null, ImmutableDictionary<string, ContractOutcome>.Empty, ImmutableDictionary<string, string>.Empty, false, null, null);

    public HistoryJobStatus Status =>
        Cancelled ? HistoryJobStatus.Cancelled
        : PlanFailure is not null ? HistoryJobStatus.Failed
        : Contracts is null ? HistoryJobStatus.Planning
        : Done.Count + Errors.Count >= Contracts.Count ? HistoryJobStatus.Completed
        : HistoryJobStatus.Running;

    public bool IsFinished => Status is HistoryJobStatus.Completed or HistoryJobStatus.Cancelled or HistoryJobStatus.Failed;

    /// <summary>Contracts still without an outcome, in plan order.</summary>
    public IEnumerable<ContractSpec> Open => Contracts?.Where(c => !Done.ContainsKey(c.Key) && !Errors.ContainsKey(c.Key)) ?? [];

    public int Remaining => (Contracts?.Count ?? 0) - Done.Count - Errors.Count;

    public (HistoryJobDecision Decision, ImmutableList<IJournalEvent> Events) Decide(IHistoryJobCommand command, DateTimeOffset now) => command switch
    {
        _ when IsFinished => (new HistoryJobDecision.Ignore($"the job is {Status.ToWire()}"), []),
        AcceptPlan p when Contracts is not null => (new HistoryJobDecision.Ignore("already planned"), []),
        AcceptPlan p when p.Contracts.Count > MaxContracts => Journal(new HistoryJobPlanFailed(
            $"{p.Contracts.Count} contracts is more than {MaxContracts}: narrow the expirations or the strike window", now)),
        AcceptPlan p => Journal(new HistoryJobPlanned(p.Contracts, now)),
        RejectPlan r when Contracts is not null => (new HistoryJobDecision.Ignore("already planned"), []),
        RejectPlan r => Journal(new HistoryJobPlanFailed(r.Reason, now)),
        RecordAnswer a when Contracts is null || Done.ContainsKey(a.Key) || Errors.ContainsKey(a.Key) => (new HistoryJobDecision.Ignore($"{a.Key} has its outcome"), []),
        RecordAnswer a => a.Reply.Match(
            bars => Journal(new HistoryJobContractDone(a.Key, bars.Result.Bars.Count, bars.Result.IbRequests, now)),
            failure => failure.Reason switch
            {
                Unavailable u => (new HistoryJobDecision.RetryLater(RetryAfterOutage, u.Message), []),
                Busy b => (new HistoryJobDecision.RetryLater(b.RetryAfter, b.Message), []),
                var f => Journal(new HistoryJobContractFailed(a.Key, f.Message, now)),
            }),
        CancelRun => Journal(new HistoryJobCancelled(now)),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "not a history job command"),
    };

    public HistoryJobState Apply(IJournalEvent e)
    {
        var next = e switch
        {
            HistoryJobPlanned p => this with { Contracts = [.. p.Contracts] },
            HistoryJobPlanFailed f => this with { PlanFailure = f.Reason },
            HistoryJobContractDone d => this with { Done = Done.SetItem(d.Key, new ContractOutcome(d.Bars, d.IbRequests)) },
            HistoryJobContractFailed f => this with { Errors = Errors.SetItem(f.Key, f.Error) },
            HistoryJobCancelled => this with { Cancelled = true },
            _ => throw new ArgumentOutOfRangeException(nameof(e), e, "not a history job event"),
        };
        return next.IsFinished && next.FinishedAt is null ? next with { FinishedAt = At(e) } : next;
    }

    public HistoryJobView View(string id, HistoryJobSpec spec, DateTimeOffset submittedAt, TimeSpan? estimatedTimeLeft = null) => new(
        id,
        spec,
        Status.ToWire(),
        Contracts?.Count ?? 0,
        Done.Count,
        Errors.Count,
        Done.Values.Sum(d => (long)d.Bars),
        Done.Values.Sum(d => d.IbRequests),
        estimatedTimeLeft,
        Errors,
        submittedAt,
        FinishedAt,
        PlanFailure);

    private static (HistoryJobDecision, ImmutableList<IJournalEvent>) Journal(IJournalEvent e) => (HistoryJobDecision.Journaled, [e]);

    private static DateTimeOffset At(IJournalEvent e) => e switch
    {
        HistoryJobPlanned p => p.At,
        HistoryJobPlanFailed f => f.At,
        HistoryJobContractDone d => d.At,
        HistoryJobContractFailed f => f.At,
        HistoryJobCancelled c => c.At,
        _ => throw new ArgumentOutOfRangeException(nameof(e), e, "not a history job event"),
    };
}

public static class HistoryJobStatusExtensions
{
    /// <summary>The REST contract's spelling ("planning", "running", …).</summary>
    public static string ToWire(this HistoryJobStatus status) => status.ToString().ToLowerInvariant();
}
