using System.Diagnostics;

namespace WheelStrat.Actors.Replies;

/// <summary>
/// The closed reply of a query an actor answers from its own state (executions, conflicts, positions, the account):
/// the value, or a failure — in practice the request's deadline passed while it waited in the mailbox, or the Ask
/// lost its answer (a singleton moving between nodes). One generic type rather than one per query, as such a query
/// has no other outcome.
/// </summary>
public abstract record Answer<T> : IClosedReply<Answer<T>>
{
    private Answer()
    {
    }

    public static Answer<T> Failing(Failed failed) => new Failure(failed);

    public TResult Match<TResult>(Func<Value, TResult> value, Func<Failure, TResult> failure) => this switch
    {
        Value v => value(v),
        Failure f => failure(f),
        _ => throw new UnreachableException(),
    };

    public sealed record Value(T Item) : Answer<T>;

    public sealed record Failure(Failed Reason) : Answer<T>;
}
