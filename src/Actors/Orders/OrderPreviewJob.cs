using Akka.Actor;
using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.Diagnostics;
using WheelStrat.Actors.MarketData;
using WheelStrat.Actors.Replies;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Replies;
using static WheelStrat.Actors.Gateway.GatewayProtocol;
using Order = WheelStrat.Tws.Messages.Order;

namespace WheelStrat.Actors.Orders;

/// <summary>
/// What POST /orders/preview returns: everything but the order itself. <paramref name="LimitPrice"/> is the price
/// the order would carry, on the contract's tick (<paramref name="PriceTick"/>).
/// </summary>
public sealed record OrderPreview(
    Contract Contract,
    decimal? LimitPrice,
    decimal? PriceTick,
    QuoteSnapshot? Quote,
    IReadOnlyList<string> Refusals,
    bool WouldPlace,
    Tws.Messages.OrderState? WhatIf,
    string? WhatIfError);

/// <summary>
/// One preview: qualify, quote, check the rules, then ask IB for a what-if order (margin and
/// commission, nothing placed) — unless a rule already refuses it. Answers by its deadline and stops.
/// </summary>
public sealed class OrderPreviewJob : ObservedActor, IWithTimers
{
    private OrderTicket _ticket;
    private readonly IActorRef _gateway;
    private readonly SafetyOptions _safety;
    private readonly IActorRef _replyTo;
    private Contract? _contract;
    private QuoteSnapshot? _quote;
    private bool _quoteDone;
    private Rejected? _refusal;
    private readonly NotAfter _notAfter;

    public OrderPreviewJob(OrderTicket ticket, IActorRef gateway, IActorRef contracts, IActorRef marketData, SafetyOptions safety, IActorRef replyTo, NotAfter notAfter, TimeProvider time)
    {
        _notAfter = notAfter;
        _ticket = ticket;
        _gateway = gateway;
        _safety = safety;
        _replyTo = replyTo;
        Receive<ContractsProtocol.Qualified>(m =>
        {
            _contract = m.Details.Contract with { Exchange = m.Spec.Exchange };
            _ticket = _ticket.OnTick(m.Details.MinTick);
            Continue();
        });
        Receive<ContractsProtocol.NotQualified>(m => Finish(OrdersProtocol.PreviewOrderReply.Failing(m.Failure)));
        Receive<MarketDataProtocol.QuoteReply>(m =>
        {
            _quote = m.Match<QuoteSnapshot?>(q => q.Quote, _ => null);
            _quoteDone = true;
            Continue();
        });
        Receive<OrderIdAllocated>(_ => { }); // the what-if order is at IB; its openOrder carries the answer
        Receive<GatewayUnavailable>(m => Finish(Preview(null, m.Reason)));
        Receive<OpenOrder>(m => Finish(Preview(m.State, null)));
        Receive<ErrMsg>(m => Finish(Preview(null, $"IB {m.Code}: {m.Message}")));
        Receive<Deadline>(_ => Finish(_contract is null
            ? OrdersProtocol.PreviewOrderReply.Failing(new TimedOut("the preview did not complete in time"))
            : Preview(null, "IB did not answer the what-if order in time")));
        contracts.Tell(new ContractsProtocol.Qualify(ticket.Spec));
        marketData.Tell(new MarketDataProtocol.GetQuote(ticket.Spec, notAfter));
        Timers.StartSingleTimer("deadline", Deadline.Instance, notAfter.Remaining(time.GetUtcNow()));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override string Kind => "order-preview";

    protected override string? Owns => _ticket.Fingerprint;

    private void Continue()
    {
        if (_contract is null || !_quoteDone)
        {
            return;
        }

        _refusal = SafetyRules.Check(_ticket, _quote, _safety);
        if (_refusal is not null)
        {
            Finish(Preview(null, null));
            return;
        }

        _gateway.Tell(new PlaceNewOrder(_contract, WhatIfOrder(), NotAfter: _notAfter.At));
    }

    private Order WhatIfOrder() => _ticket.ToOrder() with { WhatIf = true };

    private OrdersProtocol.PreviewOrderReply Preview(Tws.Messages.OrderState? whatIf, string? whatIfError) =>
        new OrdersProtocol.PreviewOrderReply.Previewed(new OrderPreview(_contract!, _ticket.LimitPrice, _ticket.PriceTick, _quote, _refusal is null ? [] : [$"{_refusal.Rule}: {_refusal.Message}"], _refusal is null, whatIf, whatIfError));

    private void Finish(OrdersProtocol.PreviewOrderReply reply)
    {
        _replyTo.Tell(reply);
        Context.Stop(Self);
    }

    private sealed record Deadline { public static readonly Deadline Instance = new(); }
}
