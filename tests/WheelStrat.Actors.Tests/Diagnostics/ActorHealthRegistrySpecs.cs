using Akka.Actor;
using Akka.TestKit.Xunit2;
using WheelStrat.Actors.Diagnostics;
using Xunit.Abstractions;

namespace WheelStrat.Actors.Tests.Diagnostics;

/// <summary>What /admin/actors reads: an observed actor's entry follows it through a supervisor's restart and goes when it stops.</summary>
public sealed class ActorHealthRegistrySpecs(ITestOutputHelper output) : TestKit(output: output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_restarted_actor_reports_from_its_new_incarnation_counts_the_restart_and_leaves_no_entry_when_it_stops()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Echo()), "echo");
        actor.Tell("before");
        ExpectMsg("before", Patience);
        Assert.Equal(("saw before", 0), Entry());

        // The default supervisor restarts it: the new instance is the one /admin/actors must show.
        actor.Tell(InjectFailure.Instance);
        actor.Tell("after");
        ExpectMsg("after", Patience);
        Assert.Equal(("saw after", 1), Entry());

        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor, Patience);
        Assert.DoesNotContain(Sys.ActorHealth().Snapshot(), a => a.Path == "/user/echo");
    }

    private (string State, int Restarts) Entry()
    {
        var entry = Sys.ActorHealth().Snapshot().Single(a => a.Path == "/user/echo");
        return (entry.State, entry.Restarts);
    }

    private sealed class Echo : ObservedActor
    {
        public Echo() =>
            Receive<string>(s =>
            {
                ReportState($"saw {s}");
                Sender.Tell(s);
            });

        protected override string Kind => "echo";
    }
}
