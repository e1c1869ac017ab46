using Akka.Actor;
using WheelStrat.Actors.Replies;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Replies;
using static WheelStrat.Actors.Gateway.GatewayProtocol;
using WheelStrat.Actors.Spawning;

namespace WheelStrat.Actors.Gateway.Requests;

/// <summary>
/// What a request child tells its parent: a one-shot child answers exactly once, then stops; a subscription child
/// says <see cref="SubscriptionOpened"/> and forwards every reply, or fails as a one-shot child does when never sent.
/// </summary>
public static class IbRequestProtocol
{
    /// <summary>IB answered up to the request's end marker.</summary>
    public sealed record RequestCompleted<TResult>(IbRequest Request, TResult Result);

    /// <summary>Not sent, refused by IB, no end marker before the deadline, or the session ended first.</summary>
    public record RequestFailed(IbRequest Request, Failed Failure);

    /// <summary>
    /// The deadline passed after some replies came: they are real (an execution IB reported happened) but not
    /// known to be all. A parent that has no use for a part handles it as the <see cref="RequestFailed"/> it is.
    /// </summary>
    public sealed record RequestCutShort<TResult>(IbRequest Request, Failed Failure, TResult SoFar) : RequestFailed(Request, Failure);

    /// <summary>A subscription's request left for IB: its replies follow until the parent stops the child.</summary>
    public sealed record SubscriptionOpened(IbRequest Request);

    internal sealed record Deadline { public static readonly Deadline Instance = new(); }
}

/// <summary>Props of request children: the usual collectors, so a requester names what it asks and how long it waits.</summary>
public static class IbRequests
{
    /// <summary>Every <typeparamref name="TItem"/> up to the <typeparamref name="TEnd"/> marker.</summary>
    public static Props Collect<TItem, TEnd>(IActorRef gateway, IbRequest request, TimeSpan timeout, DateTimeOffset? notAfter = null)
        where TItem : IRequestReply
        where TEnd : IRequestReply =>
        FactoryProps.Of(() => new IbRequestActor<IReadOnlyList<TItem>>(gateway, request, new ListCollector<TItem, TEnd>(), timeout, notAfter));

    /// <summary>The one <typeparamref name="T"/> that answers the request.</summary>
    public static Props Single<T>(IActorRef gateway, IbRequest request, TimeSpan timeout, DateTimeOffset? notAfter = null)
        where T : class, IRequestReply =>
        FactoryProps.Of(() => new IbRequestActor<T>(gateway, request, new SingleCollector<T>(), timeout, notAfter));

    /// <summary>A subscription: every reply goes to the parent until it stops the child (<see cref="IbSubscriptionActor"/>).</summary>
    public static Props Subscribe(IActorRef gateway, IbRequest request, DateTimeOffset? notAfter = null) =>
        FactoryProps.Of(() => new IbSubscriptionActor(gateway, request, notAfter));
}

/// <summary>
/// One IB request from start to end: asks the gateway to allocate an id, own it and send it (through the
/// message-rate governor), collects the replies to the end marker, answers its parent with one
/// <see cref="IbRequestProtocol.RequestCompleted{TResult}"/> or <see cref="IbRequestProtocol.RequestFailed"/>, and
/// stops. Stopped before the end (deadline, or its parent gave up or stopped), the gateway cancels the request at
/// IB where IB defines a cancel (see <see cref="IbRequestChild"/>).
/// </summary>
public sealed class IbRequestActor<TResult> : IbRequestChild, IWithTimers
{
    private const string DeadlineKey = "deadline";

    private readonly ReplyCollector<TResult> _collector;
    private readonly TimeSpan _timeout;

    public IbRequestActor(IActorRef gateway, IbRequest request, ReplyCollector<TResult> collector, TimeSpan timeout, DateTimeOffset? notAfter)
        : base(gateway, request, notAfter)
    {
        _collector = collector;
        _timeout = timeout;

        Receive<ErrMsg>(m => Finish(new IbRequestProtocol.RequestFailed(request, collector.Failure(m))));
        Receive<IRequestReply>(m =>
        {
            if (collector.Collect(m))
            {
                Finish(new IbRequestProtocol.RequestCompleted<TResult>(request, collector.Result));
            }
        });
        Receive<IbRequestProtocol.Deadline>(_ => OnDeadline());
        // The session's replies died with its socket, and so did the request at IB.
        Receive<GatewayDisconnected>(m => Finish(new IbRequestProtocol.RequestFailed(request, new Unavailable($"the gateway disconnected: {m.Reason}"))));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(GatewayDisconnected));
        base.PreStart();
        Timers.StartSingleTimer(DeadlineKey, IbRequestProtocol.Deadline.Instance, _timeout);
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void OnDeadline()
    {
        var failure = new TimedOut($"IB sent no {Request.EndMarker} within {_timeout.TotalSeconds:0.#}s ({Request.Name})");
        Finish(_collector.HasPart
            ? new IbRequestProtocol.RequestCutShort<TResult>(Request, failure, _collector.Result)
            : new IbRequestProtocol.RequestFailed(Request, failure));
    }
}
