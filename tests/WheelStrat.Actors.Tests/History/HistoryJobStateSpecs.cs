using System.Text.Json;
using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.History;
using WheelStrat.Actors.History.Jobs;
using WheelStrat.Actors.Persistence;
using WheelStrat.Actors.Replies;

namespace WheelStrat.Actors.Tests.History;

/// <summary>A history job's rules without a journal or an actor: what each command journals, and what the events make of it.</summary>
public sealed class HistoryJobStateSpecs
{
    private static readonly DateTimeOffset T = new(2026, 11, 28, 15, 0, 0, TimeSpan.Zero);
    private static readonly ContractSpec Put = ContractSpec.Option("AAPL", "20261218", 200m, "P");
    private static readonly ContractSpec Call = ContractSpec.Option("AAPL", "20261218", 200m, "C");

    private static readonly HistoryJobState Running = Run(HistoryJobState.New, new AcceptPlan([Put, Call]));

    [Fact]
    public void A_new_job_plans_then_runs_until_every_contract_has_an_outcome()
    {
        Assert.Equal(HistoryJobStatus.Planning, HistoryJobState.New.Status);
        Assert.Equal(HistoryJobStatus.Running, Running.Status);
        Assert.Equal([Put, Call], Running.Open);

        var oneDone = Run(Running, new RecordAnswer(Put.Key, Result(bars: 7, ibRequests: 2)));
        Assert.Equal([Call], oneDone.Open);
        Assert.Null(oneDone.FinishedAt);

        var done = Run(oneDone, new RecordAnswer(Call.Key, HistoryProtocol.HistoryReply.Failing(new NotFound("no such contract"))));
        Assert.Equal(HistoryJobStatus.Completed, done.Status);
        Assert.Equal(T, done.FinishedAt);
        var view = done.View("hj-1", Spec, T);
        Assert.Equal(("completed", 2, 1, 1, 7L, 2), (view.State, view.Planned, view.Done, view.Failed, view.Bars, view.IbRequests));
        Assert.Equal("no such contract", view.Errors[Call.Key]);
    }

    [Fact]
    public void An_outage_or_interactive_callers_ahead_is_not_the_contracts_fault_it_is_asked_again_later()
    {
        var (outage, none) = Running.Decide(new RecordAnswer(Put.Key, HistoryProtocol.HistoryReply.Failing(new Unavailable("gateway down"))), T);
        Assert.Empty(none);
        Assert.Equal(HistoryJobState.RetryAfterOutage, Assert.IsType<HistoryJobDecision.RetryLater>(outage).After);

        var (busy, nothing) = Running.Decide(new RecordAnswer(Put.Key, HistoryProtocol.HistoryReply.Failing(new Busy("interactive first", TimeSpan.FromSeconds(42)))), T);
        Assert.Empty(nothing);
        Assert.Equal(TimeSpan.FromSeconds(42), Assert.IsType<HistoryJobDecision.RetryLater>(busy).After);
    }

    [Fact]
    public void A_second_answer_for_a_contract_and_any_answer_after_a_cancel_journal_nothing()
    {
        var oneDone = Run(Running, new RecordAnswer(Put.Key, Result(1, 1)));
        Assert.Empty(oneDone.Decide(new RecordAnswer(Put.Key, Result(1, 1)), T).Events);

        var cancelled = Run(Running, CancelRun.Instance);
        Assert.Equal(HistoryJobStatus.Cancelled, cancelled.Status);
        var (decision, events) = cancelled.Decide(new RecordAnswer(Call.Key, Result(1, 1)), T);
        Assert.Empty(events);
        Assert.IsType<HistoryJobDecision.Ignore>(decision);
        Assert.Empty(cancelled.Decide(CancelRun.Instance, T).Events);
    }

    [Fact]
    public void A_plan_too_large_or_impossible_fails_the_job_and_a_late_plan_is_ignored()
    {
        var huge = Enumerable.Range(1, HistoryJobState.MaxContracts + 1).Select(s => ContractSpec.Option("AAPL", "20261218", s, "P")).ToList();
        var tooLarge = Run(HistoryJobState.New, new AcceptPlan([.. huge]));
        Assert.Equal(HistoryJobStatus.Failed, tooLarge.Status);
        Assert.Contains("narrow", tooLarge.PlanFailure, StringComparison.Ordinal);

        var noChain = Run(HistoryJobState.New, new RejectPlan("no option chain"));
        Assert.Equal(("failed", "no option chain"), (noChain.View("hj-1", Spec, T).State, noChain.PlanFailure));
        Assert.Empty(Running.Decide(new AcceptPlan([Put]), T).Events);
    }

    [Fact]
    public void An_empty_plan_is_a_completed_job()
    {
        var empty = Run(HistoryJobState.New, new AcceptPlan([]));
        Assert.Equal((HistoryJobStatus.Completed, (DateTimeOffset?)T), (empty.Status, empty.FinishedAt));
    }

    [Fact]
    public void The_state_survives_its_snapshot_round_trip()
    {
        var state = Run(Run(Running, new RecordAnswer(Put.Key, Result(3, 1))), new RecordAnswer(Call.Key, HistoryProtocol.HistoryReply.Failing(new TimedOut("slow"))));
        var serializer = new JournalSerializer(null!);
        var back = (HistoryJobState)serializer.FromBinary(serializer.ToBinary(state), serializer.Manifest(state));
        Assert.Equal(JsonSerializer.Serialize(state.View("hj-1", Spec, T)), JsonSerializer.Serialize(back.View("hj-1", Spec, T)));
        Assert.Equal(state.Status, back.Status);
    }

    private static readonly HistoryJobSpec Spec = new(
        "AAPL", "20261218", "20261218", null, [200m], null, ["P", "C"], "1 hour", "MIDPOINT", true, T.AddDays(-5), T);

    private static HistoryJobState Run(HistoryJobState state, IHistoryJobCommand command)
    {
        var (_, events) = state.Decide(command, T);
        return events.Aggregate(state, (s, e) => s.Apply(e));
    }

    private static HistoryProtocol.HistoryReply Result(int bars, int ibRequests) =>
        new HistoryProtocol.HistoryReply.Bars(new HistoryResult(new HistoryQuery(Put, "5 D", "1 hour", "MIDPOINT", true, T), 1, "UTC",
            [.. Enumerable.Range(0, bars).Select(i => new HistoryBar(T.AddHours(-i), 1, 1, 1, 1, 0, 0, 0))], T, IbRequests: ibRequests));
}
