using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.Persistence;

namespace WheelStrat.Actors.History.Jobs;

/// <summary>The jobs manager's journal: which jobs exist.</summary>
public sealed record HistoryJobSubmitted(string Id, HistoryJobSpec Spec, DateTimeOffset At) : IJournalEvent;

/// <summary>A job's journal: its plan, each contract's outcome, and its end.</summary>
public sealed record HistoryJobPlanned(IReadOnlyList<ContractSpec> Contracts, DateTimeOffset At) : IJournalEvent;

public sealed record HistoryJobPlanFailed(string Reason, DateTimeOffset At) : IJournalEvent;

public sealed record HistoryJobContractDone(string Key, int Bars, int IbRequests, DateTimeOffset At) : IJournalEvent;

public sealed record HistoryJobContractFailed(string Key, string Error, DateTimeOffset At) : IJournalEvent;

public sealed record HistoryJobCancelled(DateTimeOffset At) : IJournalEvent;
