using Akka.Actor;
using Akka.Event;
using WheelStrat.Actors.Diagnostics;
using WheelStrat.Actors.Replies;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Replies;
using static WheelStrat.Actors.Gateway.GatewayProtocol;
using WheelStrat.Actors.Spawning;

namespace WheelStrat.Actors.Gateway.Requests;

/// <summary>What a request child tells its parent, exactly once, before it stops.</summary>
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
}

/// <summary>
/// One IB request from start to end: asks the gateway to allocate an id, own it and send it (through the
/// message-rate governor), collects the replies to the end marker, answers its parent with one
/// <see cref="IbRequestProtocol.RequestCompleted{TResult}"/> or <see cref="IbRequestProtocol.RequestFailed"/>, and
/// stops. Stopped before the end (deadline, or its parent gave up or stopped), it cancels at IB where IB
/// defines a cancel; the gateway drops what still arrives for the id once its owner has stopped, and never
/// sends a request whose owner stopped while it waited for the rate.
/// </summary>
public sealed class IbRequestActor<TResult> : ObservedActor, IWithTimers
{
    private const string DeadlineKey = "deadline";

    private readonly IActorRef _gateway;
    private readonly IbRequest _request;
    private readonly ReplyCollector<TResult> _collector;
    private readonly TimeSpan _timeout;
    private readonly DateTimeOffset? _notAfter;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private int? _reqId;
    private bool _endedAtIb;

    public IbRequestActor(IActorRef gateway, IbRequest request, ReplyCollector<TResult> collector, TimeSpan timeout, DateTimeOffset? notAfter)
    {
        _gateway = gateway;
        _request = request;
        _collector = collector;
        _timeout = timeout;
        _notAfter = notAfter;

        Receive<RequestSent>(m =>
        {
            _reqId = m.ReqId;
            ReportState($"waiting for IB ({request.Name} {m.ReqId})");
        });
        Receive<RequestNotStarted>(m => Finish(new IbRequestProtocol.RequestFailed(request, m.ToFailure()), endedAtIb: true));
        Receive<ErrMsg>(m => Finish(new IbRequestProtocol.RequestFailed(request, collector.Failure(m)), endedAtIb: true));
        Receive<IRequestReply>(m =>
        {
            if (collector.Collect(m))
            {
                Finish(new IbRequestProtocol.RequestCompleted<TResult>(request, collector.Result), endedAtIb: true);
            }
        });
        Receive<IbRequestProtocol.Deadline>(_ => OnDeadline());
        // The session's replies died with its socket, and so did the request at IB: nothing to cancel.
        Receive<GatewayDisconnected>(m => Finish(new IbRequestProtocol.RequestFailed(request, new Unavailable($"the gateway disconnected: {m.Reason}")), endedAtIb: true));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override string Kind => "ib-request";

    protected override string? Owns => _request.Name;

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(GatewayDisconnected));
        ReportState($"waiting to send {_request.Name}");
        _gateway.Tell(new SendIbRequest(_request, _notAfter));
        Timers.StartSingleTimer(DeadlineKey, IbRequestProtocol.Deadline.Instance, _timeout);
    }

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        if (_reqId is { } id && !_endedAtIb && _request.CancelFor(id) is { } cancel)
        {
            _log.Info("Cancelling {Request} {ReqId} at IB", _request.Name, id);
            _gateway.Tell(new SendRequest(cancel));
        }
    }

    private void OnDeadline()
    {
        var failure = new TimedOut($"IB sent no {_request.EndMarker} within {_timeout.TotalSeconds:0.#}s ({_request.Name})");
        Finish(_collector.HasPart
            ? new IbRequestProtocol.RequestCutShort<TResult>(_request, failure, _collector.Result)
            : new IbRequestProtocol.RequestFailed(_request, failure), endedAtIb: false);
    }

    private void Finish(object answer, bool endedAtIb)
    {
        _endedAtIb = endedAtIb;
        Context.Parent.Tell(answer);
        Context.Stop(Self);
    }
}
