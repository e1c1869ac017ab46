using Akka.Actor;

namespace WheelStrat.Actors.Diagnostics;

/// <summary>Asks an observed actor to throw, so supervision can be exercised (admin, tests).</summary>
public sealed class InjectFailure
{
    public static readonly InjectFailure Instance = new();

    private InjectFailure()
    {
    }
}

public sealed class InjectedFailureException() : Exception("failure injected by an operator");

/// <summary>
/// Base of the bridge's actors: reports kind, state, what it owns and when it last handled a message
/// to the <see cref="ActorHealthRegistry"/>, and throws on <see cref="InjectFailure"/>.
/// </summary>
public abstract class ObservedActor : ReceiveActor
{
    private ActorHealthRegistry.Entry? _health;

    protected abstract string Kind { get; }

    /// <summary>The instrument, order or job this actor owns, if any.</summary>
    protected virtual string? Owns => null;

    protected void ReportState(string state)
    {
        if (_health is not null)
        {
            _health.State = state;
        }
    }

    protected override bool AroundReceive(Receive receive, object message)
    {
        _health?.Touch();
        if (message is InjectFailure)
        {
            throw new InjectedFailureException();
        }

        return base.AroundReceive(receive, message);
    }

    public override void AroundPreStart()
    {
        _health = Context.System.ActorHealth().Register(Self, Kind, Owns);
        base.AroundPreStart();
    }

    public override void AroundPostStop()
    {
        base.AroundPostStop();
        if (_health is not null)
        {
            Context.System.ActorHealth().Unregister(Self, _health);
        }
    }
}
