using System.Collections.Immutable;
using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.Persistence;

namespace WheelStrat.Actors.History.Jobs;

/// <summary>The jobs manager's journal: which jobs exist, and which of them are finished for good.</summary>
public sealed record HistoryJobSubmitted(string Id, HistoryJobSpec Spec, DateTimeOffset At) : IJournalEvent;

/// <summary>A finished job's last view: from here on the manager answers for it and never starts its actor again.</summary>
public sealed record HistoryJobSettled(HistoryJobView FinalView) : IJournalEvent;

/// <summary>The jobs manager's state: the jobs still to start after a restart, and the final views of settled ones.</summary>
public sealed record HistoryJobsSnapshot(ImmutableList<HistoryJobSubmitted> Unsettled, ImmutableList<HistoryJobView> Settled) : IJournalEvent;

/// <summary>A job's journal: its plan, each contract's outcome, and its end.</summary>
public sealed record HistoryJobPlanned(IReadOnlyList<ContractSpec> Contracts, DateTimeOffset At) : IJournalEvent;

public sealed record HistoryJobPlanFailed(string Reason, DateTimeOffset At) : IJournalEvent;

public sealed record HistoryJobContractDone(string Key, int Bars, int IbRequests, DateTimeOffset At) : IJournalEvent;

public sealed record HistoryJobContractFailed(string Key, string Error, DateTimeOffset At) : IJournalEvent;

public sealed record HistoryJobCancelled(DateTimeOffset At) : IJournalEvent;
