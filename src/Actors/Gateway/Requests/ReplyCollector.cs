using WheelStrat.Actors.Replies;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Replies;

namespace WheelStrat.Actors.Gateway.Requests;

/// <summary>
/// Turns the replies to one request into its one result. It lives inside the request's child actor, beside
/// the requester, so unlike the <see cref="IbRequest"/> it never crosses nodes.
/// </summary>
public abstract class ReplyCollector<TResult>
{
    /// <summary>Takes one reply; true once the request's end marker (or its only reply) has arrived.</summary>
    public abstract bool Collect(IRequestReply reply);

    public abstract TResult Result { get; }

    /// <summary>Some replies came, though not the end: <see cref="Result"/> is a part.</summary>
    public abstract bool HasPart { get; }

    /// <summary>An IB error for the request ends it: 200 means IB knows no such thing, anything else is a refusal.</summary>
    public virtual Failed Failure(ErrMsg error) =>
        error.Code == 200 ? new NotFound(error.Message, error.Code) : new Rejected(error.Message, error.Code);
}

/// <summary>Every <typeparamref name="TItem"/> until the <typeparamref name="TEnd"/> marker (contract details, chains, executions).</summary>
public sealed class ListCollector<TItem, TEnd> : ReplyCollector<IReadOnlyList<TItem>>
    where TItem : IRequestReply
    where TEnd : IRequestReply
{
    private readonly List<TItem> _items = [];

    public override IReadOnlyList<TItem> Result => _items;

    public override bool HasPart => _items.Count > 0;

    public override bool Collect(IRequestReply reply)
    {
        if (reply is TItem item)
        {
            _items.Add(item);
        }

        return reply is TEnd;
    }
}

/// <summary>The first <typeparamref name="T"/> is the whole answer (historicalData carries every bar in one message).</summary>
public sealed class SingleCollector<T> : ReplyCollector<T>
    where T : class, IRequestReply
{
    private T? _result;

    public override T Result => _result ?? throw new InvalidOperationException("no reply collected yet");

    public override bool HasPart => false;

    public override bool Collect(IRequestReply reply)
    {
        _result ??= reply as T;
        return _result is not null;
    }
}
