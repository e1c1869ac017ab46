using Akka.Actor;
using WheelStrat.Actors.Diagnostics;
using WheelStrat.Tws.Messages.Replies;
using WheelStrat.Tws.Messages.Requests;
using static WheelStrat.Actors.Gateway.GatewayProtocol;

namespace WheelStrat.Actors.Executions;

/// <summary>
/// One sync run: owns one reqExecutions, collects what IB returns until execDetailsEnd or the deadline,
/// hands it to the journal and stops. Commission reports arrive on the EventStream, not here.
/// </summary>
public sealed class ExecutionSyncJob : ObservedActor, IWithTimers
{
    private readonly IActorRef _gateway;
    private readonly List<ExecDetails> _received = [];
    private int? _reqId;

    public ExecutionSyncJob(IActorRef gateway, TimeSpan deadline)
    {
        _gateway = gateway;
        Receive<RequestStarted>(m => _reqId = m.ReqId);
        Receive<RequestNotStarted>(m => Finish(m.Reason));
        Receive<ExecDetails>(m => _received.Add(m));
        Receive<ExecDetailsEnd>(_ => Finish(null));
        Receive<Deadline>(_ => Finish($"no execDetailsEnd within {deadline.TotalSeconds:0}s"));
        Timers.StartSingleTimer("deadline", Deadline.Instance, deadline);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override string Kind => "execution-sync-job";

    protected override string? Owns => Self.Path.Name;

    protected override void PreStart()
    {
        ReportState("requesting executions");
        _gateway.Tell(new StartRequest(id => new ReqExecutions(id, new ExecutionFilter())));
    }

    private void Finish(string? problem)
    {
        if (_reqId is { } id)
        {
            _gateway.Tell(new ReleaseRequest(id));
        }

        Context.Parent.Tell(new ExecutionsProtocol.SyncJobDone(_received, problem));
        Context.Stop(Self);
    }

    private sealed class Deadline
    {
        public static readonly Deadline Instance = new();

        private Deadline()
        {
        }
    }
}
