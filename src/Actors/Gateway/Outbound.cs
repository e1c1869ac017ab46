using Akka.Actor;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Requests;
using static WheelStrat.Actors.Gateway.GatewayProtocol;

namespace WheelStrat.Actors.Gateway;

/// <summary>One client→IB message as it waits for the rate, with what the gateway does when it goes or expires.</summary>
internal abstract record Outbound(OutboundPriority Priority)
{
    /// <summary>
    /// Orders, every cancel, heartbeats and startup steps are urgent: they keep money and the session safe,
    /// are few, and a cancel frees capacity at IB. Market data has its own queue, so a burst of quotes can
    /// neither delay an order nor starve history (see <see cref="OutboundGovernor{T}"/> for the weights).
    /// </summary>
    public static OutboundPriority PriorityOf(ITwsRequest request) => request switch
    {
        PlaceOrder or CancelOrder or CancelMktData or CancelHistoricalData or CancelAccountSummary or CancelPositions
            or CancelAccountUpdatesMulti or ReqCurrentTime or ReqIds or ReqManagedAccts => OutboundPriority.Urgent,
        ReqMktData or ReqMarketDataType => OutboundPriority.MarketData,
        _ => OutboundPriority.Other,
    };
}

/// <summary>A message with no new id and no waiting owner (cancels, session settings, heartbeats).</summary>
internal sealed record OutboundSend(ITwsRequest Request) : Outbound(PriorityOf(Request));

/// <summary>A request waiting for its id: it is allocated, and its owner registered, when it is sent.</summary>
internal sealed record OutboundStart(Requests.IbRequest Request, IActorRef Owner) : Outbound(PriorityOf(Request.Build(0)));

/// <summary>A new order: its id is allocated when it is sent, so ids reach IB in increasing order.</summary>
internal sealed record OutboundPlace(PlaceNewOrder Order, IActorRef Owner) : Outbound(OutboundPriority.Urgent);
