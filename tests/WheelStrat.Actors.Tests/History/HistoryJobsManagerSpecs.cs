using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using WheelStrat.Actors.Diagnostics;
using WheelStrat.Actors.History;
using WheelStrat.Actors.History.Jobs;
using WheelStrat.Actors.Tests.Support;
using Xunit.Abstractions;
using static WheelStrat.Actors.History.Jobs.HistoryJobsProtocol;

namespace WheelStrat.Actors.Tests.History;

/// <summary>
/// History jobs on a one-node cluster over a real SQLite journal: a finished job's entity passivates and the index
/// answers for it, a restart wakes only unfinished jobs, and the index's snapshot recovers what its events do. Each
/// spec runs its own actor systems, so a "restart" is a new system on the same journal after the old one is gone.
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
        : base(ClusterOfOne.WithFallback(SqliteJournal.Config(database)), output: output) => _database = database;

    private static Config ClusterOfOne => ConfigurationFactory.ParseString("""
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
        akka.cluster.min-nr-of-members = 1
        """);

    [Fact]
    public async Task A_finished_job_stops_after_its_idle_time_and_the_index_still_answers_with_its_final_view()
    {
        var system = NewSystem();
        try
        {
            var jobs = StartJobs(system, TimeSpan.FromSeconds(1), held: null);
            var spec = Spec(200);
            Assert.True((await jobs.Ask<SubmitJobReply.Accepted>(new SubmitJob(spec, Deadline.Soon), Patience)).Created);

            AwaitCondition(() => jobs.Ask<JobReply.Found>(new GetJob(spec.Id, Deadline.Soon), Patience).Result.Job.State == "completed", Patience);
            var final = Json((await jobs.Ask<JobReply.Found>(new GetJob(spec.Id, Deadline.Soon), Patience)).Job);
            AwaitCondition(() => !JobActors(system).Contains(spec.Id), Patience);

            // Everything about it is still answered, the same as the job itself answered when finished.
            Assert.Equal(final, Json((await jobs.Ask<JobReply.Found>(new GetJob(spec.Id, Deadline.Soon), Patience)).Job));
            Assert.Equal(final, Json((await jobs.Ask<JobReply.Found>(new CancelJob(spec.Id, Deadline.Soon), Patience)).Job));
            Assert.Equal(final, Json(Assert.Single((await jobs.Ask<JobListReply.Listed>(new ListJobs(Deadline.Soon), Patience)).Jobs)));
            var again = await jobs.Ask<SubmitJobReply.Accepted>(new SubmitJob(spec, Deadline.Soon), Patience);
            Assert.False(again.Created);
            Assert.Equal(final, Json(again.Job));
            Assert.DoesNotContain(spec.Id, JobActors(system));
            Assert.Contains("\"state\":\"completed\"", final, StringComparison.Ordinal);
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public async Task After_a_restart_a_settled_job_is_served_without_its_entity_and_an_unsettled_one_resumes()
    {
        var done = Spec(200);
        var held = Spec(HeldStrike);
        string settled;
        var first = NewSystem();
        try
        {
            var jobs = StartJobs(first, TimeSpan.FromMilliseconds(200), HeldStrike);
            await jobs.Ask<SubmitJobReply.Accepted>(new SubmitJob(done, Deadline.Soon), Patience);
            await jobs.Ask<SubmitJobReply.Accepted>(new SubmitJob(held, Deadline.Soon), Patience);
            AwaitCondition(() => JobActors(first).SequenceEqual([held.Id]), Patience);
            settled = Json((await jobs.Ask<JobReply.Found>(new GetJob(done.Id, Deadline.Soon), Patience)).Job);
        }
        finally
        {
            await first.Terminate();
        }

        var restarted = NewSystem();
        try
        {
            var again = StartJobs(restarted, TimeSpan.FromMinutes(1), held: null);
            Assert.Equal(settled, Json((await again.Ask<JobReply.Found>(new GetJob(done.Id, Deadline.Soon), Patience)).Job));

            // The unfinished one picks up where its journal stops: its last contract is answered now.
            AwaitCondition(() => again.Ask<JobReply.Found>(new GetJob(held.Id, Deadline.Soon), Patience).Result.Job.State == "completed", Patience);
            Assert.Equal([held.Id], JobActors(restarted));
        }
        finally
        {
            await restarted.Terminate();
        }
    }

    [Fact]
    public async Task The_index_deletes_the_events_its_snapshot_covers_and_recovers_the_same_list_from_it()
    {
        var held = Spec(HeldStrike);
        List<string> before;
        var first = NewSystem();
        try
        {
            var jobs = StartJobs(first, TimeSpan.FromMilliseconds(50), HeldStrike);
            await jobs.Ask<SubmitJobReply.Accepted>(new SubmitJob(held, Deadline.Soon), Patience);
            await Task.WhenAll(Enumerable.Range(101, 60).Select(strike => jobs.Ask<SubmitJobReply.Accepted>(new SubmitJob(Spec(strike), Deadline.Soon), Patience)));

            // 61 submitted and 60 settled: a snapshot at event 100, the 100 events it covers deleted, and 21 after it.
            AwaitCondition(() => JobActors(first).SequenceEqual([held.Id]), Patience);
            AwaitCondition(() => SqliteJournal.SnapshotsAt(_database, "history-jobs").SequenceEqual([100L]), Patience);
            AwaitCondition(() => SqliteJournal.LiveEvents(_database, "history-jobs") == 21, Patience);
            before = await ListWhenRunningAsync(jobs, held.Id);
            Assert.Equal(61, before.Count);
        }
        finally
        {
            await first.Terminate();
        }

        Assert.Equal(before, await ListAfterRestartAsync(held.Id));
    }

    private static HistoryJobSpec Spec(decimal strike) => new(
        "AAPL", "20261218", "20261218", null, [strike], null, ["P"], "1 hour", "MIDPOINT", true,
        new DateTimeOffset(2026, 11, 16, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero));

    private ActorSystem NewSystem() => ActorSystem.Create("jobs", Sys.Settings.Config);

    /// <summary>The node joins itself, then the jobs start as the bridge starts them.</summary>
    private static IActorRef StartJobs(ActorSystem system, TimeSpan passivateAfter, decimal? held)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        cluster.Join(cluster.SelfAddress);
        var history = system.ActorOf(Props.Create(() => new FakeHistory(held)));
        var options = new HistoryOptions { JobPassivateAfter = passivateAfter };
        var deps = new HistoryJobDependencies(history, ActorRefs.Nobody, ActorRefs.Nobody, options, TimeProvider.System);
        return HistoryJobsHosting.StartHistoryJobs(system, deps);
    }

    /// <summary>A new actor system on the same journal, its list once the held job reported it runs again.</summary>
    private async Task<List<string>> ListAfterRestartAsync(string heldId)
    {
        var restarted = NewSystem();
        try
        {
            return await ListWhenRunningAsync(StartJobs(restarted, TimeSpan.FromMinutes(1), HeldStrike), heldId);
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
            var list = (await jobs.Ask<JobListReply.Listed>(new ListJobs(Deadline.Soon), Patience)).Jobs;
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
                    Sender.Tell(new HistoryProtocol.HistoryReply.Bars(new HistoryResult(m.Query, 1, "UTC", [], DateTimeOffset.UtcNow, IbRequests: 1)));
                }
            });
            Receive<HistoryProtocol.EstimatePacing>(_ => Sender.Tell(new HistoryProtocol.PacingOutlook(0, TimeSpan.Zero)));
        }
    }
}
