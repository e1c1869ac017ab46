using System.Text.Json;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using WheelStrat.Actors.Diagnostics;
using WheelStrat.Actors.History;
using WheelStrat.Actors.History.Jobs;
using WheelStrat.Actors.Tests.Support;
using Xunit.Abstractions;
using static WheelStrat.Actors.History.Jobs.HistoryJobsProtocol;

namespace WheelStrat.Actors.Tests.History;

/// <summary>
/// The jobs manager over a real SQLite journal: a finished job's actor stops and the manager answers
/// for it, a restart starts only unfinished jobs, and the manager's snapshot recovers what its events do.
/// </summary>
public sealed class HistoryJobsManagerSpecs : TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>The fake history actor never answers for this strike, so a job asking for it stays running.</summary>
    private const decimal HeldStrike = 999m;

    private readonly string _database;

    public HistoryJobsManagerSpecs(ITestOutputHelper output)
        : this(output, SqliteJournal.NewDatabase())
    {
    }

    private HistoryJobsManagerSpecs(ITestOutputHelper output, string database)
        : base(SqliteJournal.Config(database), output: output) => _database = database;

    [Fact]
    public async Task A_finished_job_stops_after_its_idle_time_and_the_manager_still_answers_with_its_final_view()
    {
        var jobs = StartManager(Sys, TimeSpan.FromSeconds(1), held: null);
        var spec = Spec(200);
        jobs.Tell(new SubmitJob(spec));
        Assert.True(ExpectMsg<JobAccepted>(Patience).Created);
        var child = await Sys.ActorSelection($"/user/history-jobs/{spec.Id}").ResolveOne(Patience);
        Watch(child);

        AwaitCondition(() => jobs.Ask<HistoryJobView>(new GetJob(spec.Id), Patience).Result.State == "completed", Patience);
        var final = Json(await jobs.Ask<HistoryJobView>(new GetJob(spec.Id), Patience));
        ExpectTerminated(child, Patience);
        Assert.DoesNotContain(spec.Id, JobActors(Sys));

        // Everything about it is still answered, the same as the job itself answered when finished.
        Assert.Equal(final, Json(await jobs.Ask<HistoryJobView>(new GetJob(spec.Id), Patience)));
        Assert.Equal(final, Json(await jobs.Ask<HistoryJobView>(new CancelJob(spec.Id), Patience)));
        Assert.Equal(final, Json(Assert.Single((await jobs.Ask<JobList>(ListJobs.Instance, Patience)).Jobs)));
        var again = await jobs.Ask<JobAccepted>(new SubmitJob(spec), Patience);
        Assert.False(again.Created);
        Assert.Equal(final, Json(again.Job));
        Assert.DoesNotContain(spec.Id, JobActors(Sys));
        Assert.Contains("\"state\":\"completed\"", final, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_restart_a_settled_job_is_served_without_its_actor_and_an_unsettled_one_resumes()
    {
        var done = Spec(200);
        var held = Spec(HeldStrike);
        var jobs = StartManager(Sys, TimeSpan.FromMilliseconds(200), HeldStrike);
        jobs.Tell(new SubmitJob(done));
        jobs.Tell(new SubmitJob(held));
        ExpectMsg<JobAccepted>(Patience);
        ExpectMsg<JobAccepted>(Patience);
        AwaitCondition(() => JobActors(Sys).SequenceEqual([held.Id]), Patience);
        var settled = Json(await jobs.Ask<HistoryJobView>(new GetJob(done.Id), Patience));
        Stop(jobs);

        var restarted = ActorSystem.Create("restarted", Sys.Settings.Config);
        try
        {
            var again = StartManager(restarted, TimeSpan.FromMinutes(1), held: null);
            Assert.Equal(settled, Json(await again.Ask<HistoryJobView>(new GetJob(done.Id), Patience)));
            await Assert.ThrowsAsync<ActorNotFoundException>(() => restarted.ActorSelection($"/user/history-jobs/{done.Id}").ResolveOne(TimeSpan.FromSeconds(1)));

            // The unfinished one picks up where its journal stops: its last contract is answered now.
            await restarted.ActorSelection($"/user/history-jobs/{held.Id}").ResolveOne(Patience);
            AwaitCondition(() => again.Ask<HistoryJobView>(new GetJob(held.Id), Patience).Result.State == "completed", Patience);
            Assert.DoesNotContain(done.Id, JobActors(restarted));
        }
        finally
        {
            await restarted.Terminate();
        }
    }

    [Fact]
    public async Task Recovery_from_the_snapshot_gives_the_same_list_as_replaying_every_event()
    {
        var held = Spec(HeldStrike);
        var jobs = StartManager(Sys, TimeSpan.FromMilliseconds(50), HeldStrike);
        jobs.Tell(new SubmitJob(held));
        foreach (var strike in Enumerable.Range(101, 60))
        {
            jobs.Tell(new SubmitJob(Spec(strike)));
        }

        ReceiveN(61, Patience);

        // 61 submitted and 60 settled: a snapshot at event 100, and 21 events after it.
        AwaitCondition(() => JobActors(Sys).SequenceEqual([held.Id]), Patience);
        AwaitCondition(() => SqliteJournal.SnapshotsAt(_database, "history-jobs").SequenceEqual([100L]), Patience);
        var before = await ListWhenRunningAsync(jobs, held.Id);
        Assert.Equal(61, before.Count);
        Stop(jobs);

        var fromSnapshot = await ListAfterRestartAsync(held.Id);
        SqliteJournal.DeleteSnapshots(_database, "history-jobs");
        var fromEvents = await ListAfterRestartAsync(held.Id);

        Assert.Equal(before, fromSnapshot);
        Assert.Equal(before, fromEvents);
    }

    private static HistoryJobSpec Spec(decimal strike) => new(
        "AAPL", "20261218", "20261218", null, [strike], null, ["P"], "1 hour", "MIDPOINT", true,
        new DateTimeOffset(2026, 11, 16, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero));

    private static IActorRef StartManager(ActorSystem system, TimeSpan passivateAfter, decimal? held)
    {
        var history = system.ActorOf(Props.Create(() => new FakeHistory(held)));
        var options = new HistoryOptions { JobPassivateAfter = passivateAfter };
        var deps = new HistoryJobDependencies(history, ActorRefs.Nobody, ActorRefs.Nobody, options, TimeProvider.System);
        return system.ActorOf(Props.Create(() => new HistoryJobsManager(deps)), "history-jobs");
    }

    private void Stop(IActorRef jobs)
    {
        Watch(jobs);
        jobs.Tell(PoisonPill.Instance);
        ExpectTerminated(jobs, Patience);
    }

    /// <summary>A new actor system on the same journal, its list once the held job reported it runs again.</summary>
    private async Task<List<string>> ListAfterRestartAsync(string heldId)
    {
        var restarted = ActorSystem.Create("restarted", Sys.Settings.Config);
        try
        {
            return await ListWhenRunningAsync(StartManager(restarted, TimeSpan.FromMinutes(1), HeldStrike), heldId);
        }
        finally
        {
            await restarted.Terminate();
        }
    }

    private static async Task<List<string>> ListWhenRunningAsync(IActorRef jobs, string heldId)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var list = (await jobs.Ask<JobList>(ListJobs.Instance, Patience)).Jobs;
            if (list.Any(v => v.Id == heldId && v.State == "running"))
            {
                return [.. list.Select(Json)];
            }

            Assert.True(DateTime.UtcNow < deadline, "the held job never reported running");
            await Task.Delay(50);
        }
    }

    /// <summary>Job actors alive, as /admin/actors lists them.</summary>
    private static List<string?> JobActors(ActorSystem system) =>
        [.. system.ActorHealth().Snapshot().Where(a => a.Kind == "history-job").Select(a => a.Owns)];

    /// <summary>Views hold a dictionary, so records compare by reference; their JSON compares by value.</summary>
    private static string Json(HistoryJobView view) => JsonSerializer.Serialize(view, JsonSerializerOptions.Web);

    /// <summary>Answers every contract at once except the held strike, which it never answers.</summary>
    private sealed class FakeHistory : ReceiveActor
    {
        public FakeHistory(decimal? held)
        {
            Receive<HistoryProtocol.GetHistory>(m =>
            {
                if (m.Query.Spec.Strike != held)
                {
                    Sender.Tell(new HistoryResult(m.Query, 1, "UTC", [], DateTimeOffset.UtcNow, IbRequests: 1));
                }
            });
            Receive<HistoryProtocol.EstimatePacing>(_ => Sender.Tell(new HistoryProtocol.PacingOutlook(0, TimeSpan.Zero)));
        }
    }
}
