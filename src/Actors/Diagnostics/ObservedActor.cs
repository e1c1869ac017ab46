using Akka.Actor;
using Akka.Event;
using Akka.Persistence;

namespace WheelStrat.Actors.Diagnostics;

/// <summary>Asks an observed actor to throw, so supervision can be exercised (admin, tests).</summary>
public sealed record InjectFailure { public static readonly InjectFailure Instance = new(); }

public sealed class InjectedFailureException() : Exception("failure injected by an operator");

/// <summary>
/// The reporting both actor bases share: register on start, stamp each message, throw on
/// <see cref="InjectFailure"/>, unregister on stop.
/// </summary>
internal sealed class Observation
{
    private ActorHealthRegistry.Entry? _entry;

    public void Start(IActorContext context, string kind, string? owns) =>
        _entry = context.System.ActorHealth().Register(context.Self, kind, owns);

    public void Received(object message)
    {
        _entry?.Touch();
        if (message is InjectFailure)
        {
            throw new InjectedFailureException();
        }
    }

    public void State(string state)
    {
        if (_entry is not null)
        {
            _entry.State = state;
        }
    }

    /// <summary>The actor stops for good (passivation): a later actor at this path is not a restart.</summary>
    public void Retire(IActorContext context) => context.System.ActorHealth().Forget(context.Self);

    public void Stop(IActorContext context)
    {
        if (_entry is not null)
        {
            context.System.ActorHealth().Unregister(context.Self, _entry);
        }
    }
}

/// <summary>
/// Base of the bridge's actors: reports kind, state, what it owns and when it last handled a message
/// to the <see cref="ActorHealthRegistry"/>, and throws on <see cref="InjectFailure"/>.
/// </summary>
public abstract class ObservedActor : ReceiveActor
{
    private readonly Observation _observation = new();

    protected abstract string Kind { get; }

    /// <summary>The instrument, order or job this actor owns, if any.</summary>
    protected virtual string? Owns => null;

    protected void ReportState(string state) => _observation.State(state);

    protected override bool AroundReceive(Receive receive, object message)
    {
        _observation.Received(message);
        return base.AroundReceive(receive, message);
    }

    public override void AroundPreStart()
    {
        _observation.Start(Context, Kind, Owns);
        base.AroundPreStart();
    }

    public override void AroundPostStop()
    {
        base.AroundPostStop();
        _observation.Stop(Context);
    }
}

/// <summary>The same reporting for event-sourced actors.</summary>
public abstract class ObservedPersistentActor : Akka.Persistence.ReceivePersistentActor
{
    private readonly Observation _observation = new();

    protected abstract string Kind { get; }

    protected virtual string? Owns => null;

    protected void ReportState(string state) => _observation.State(state);

    /// <summary>
    /// Call from the constructor of an actor that snapshots: once a snapshot is saved, the events it covers and the
    /// snapshots before it are deleted (as the Akka.NET samples do), so the journal holds one snapshot and the
    /// events after it instead of growing forever. The SQL journal keeps the highest sequence number, so new
    /// events never reuse one.
    /// </summary>
    protected void DeleteWhatSnapshotsCover(string journal)
    {
        var log = Context.GetLogger();
        Command<SaveSnapshotSuccess>(s => DeleteMessages(s.Metadata.SequenceNr));
        Command<SaveSnapshotFailure>(f => log.Warning("Snapshot of {Journal} failed: {Reason}", journal, f.Cause.Message));
        Command<DeleteMessagesSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.ToSequenceNr - 1)));
        Command<DeleteMessagesFailure>(f => log.Warning("Deleting {Journal}'s events up to {SequenceNr} failed: {Reason}", journal, f.ToSequenceNr, f.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => log.Warning("Deleting {Journal}'s older snapshots failed: {Reason}", journal, f.Cause.Message));
    }

    /// <summary>Stops this actor for good; its state lives on in the journal.</summary>
    protected void Passivate()
    {
        _observation.Retire(Context);
        Context.Stop(Self);
    }

    protected override bool AroundReceive(Receive receive, object message)
    {
        _observation.Received(message);
        return base.AroundReceive(receive, message);
    }

    public override void AroundPreStart()
    {
        _observation.Start(Context, Kind, Owns);
        base.AroundPreStart();
    }

    public override void AroundPostStop()
    {
        base.AroundPostStop();
        _observation.Stop(Context);
    }
}
