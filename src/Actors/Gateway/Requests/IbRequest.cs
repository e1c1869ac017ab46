using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Replies;
using WheelStrat.Tws.Messages.Requests;

namespace WheelStrat.Actors.Gateway.Requests;

/// <summary>
/// What to ask IB, as plain data without its request id: the gateway (a cluster singleton, maybe on another
/// node) allocates the id when the request leaves its rate queue and builds the wire message then. Each kind
/// also says how IB abandons it, so a requester that stops early never leaves work running at IB.
/// </summary>
public abstract record IbRequest
{
    /// <summary>The wire message for the id the gateway allocated.</summary>
    public abstract ITwsRequest Build(int reqId);

    /// <summary>How IB cancels it before its end marker (null: IB offers no cancel; its answer is just dropped).</summary>
    public virtual ITwsRequest? CancelFor(int reqId) => null;

    /// <summary>
    /// Whether IB holds the request no more after this reply or error for its id: the gateway cancels only what IB
    /// still holds when its owner stops. Only kinds with a <see cref="CancelFor"/> need it; a subscription never ends.
    /// </summary>
    public virtual bool EndedBy(ITwsReply reply) => false;

    /// <summary>IB's name for the request, for logs.</summary>
    public abstract string Name { get; }

    /// <summary>The reply that ends it, named in the failure when it does not come in time.</summary>
    public abstract string EndMarker { get; }
}

/// <summary>reqContractDetails: every contract matching <paramref name="Contract"/>, then contractDetailsEnd.</summary>
public sealed record ContractDetailsRequest(Contract Contract) : IbRequest
{
    public override ITwsRequest Build(int reqId) => new ReqContractDetails(reqId, Contract);

    public override string Name => "reqContractDetails";

    public override string EndMarker => "contractDetailsEnd";
}

/// <summary>reqSecDefOptParams: one message per exchange and trading class, then its end.</summary>
public sealed record OptionParametersRequest(string Symbol, int UnderlyingConId) : IbRequest
{
    public override ITwsRequest Build(int reqId) => new ReqSecDefOptParams(reqId, Symbol, "", "STK", UnderlyingConId);

    public override string Name => "reqSecDefOptParams";

    public override string EndMarker => "securityDefinitionOptionParameterEnd";
}

/// <summary>reqExecutions: the day's executions matching the filter, then execDetailsEnd.</summary>
public sealed record ExecutionsRequest(ExecutionFilter Filter) : IbRequest
{
    public override ITwsRequest Build(int reqId) => new ReqExecutions(reqId, Filter);

    public override string Name => "reqExecutions";

    public override string EndMarker => "execDetailsEnd";
}

/// <summary>reqHistoricalData (not kept up to date): one historicalData message with every bar.</summary>
public sealed record HistoricalBarsRequest(
    Contract Contract,
    string EndDateTime,
    string Duration,
    string BarSize,
    string WhatToShow,
    bool UseRth,
    bool IncludeExpired) : IbRequest
{
    public override ITwsRequest Build(int reqId) =>
        new ReqHistoricalData(reqId, Contract, EndDateTime, Duration, BarSize, WhatToShow, UseRth, FormatDate: 2) { IncludeExpired = IncludeExpired };

    public override ITwsRequest CancelFor(int reqId) => new CancelHistoricalData(reqId);

    /// <summary>The one historicalData message is the whole answer; any error for it (162, 200, 321) ends it too.</summary>
    public override bool EndedBy(ITwsReply reply) => reply is HistoricalData or ErrMsg;

    public override string Name => "reqHistoricalData";

    public override string EndMarker => "historicalData";
}

/// <summary>reqMktData streaming: a subscription, it has no end marker; cancelMktData ends it.</summary>
public sealed record MarketDataRequest(Contract Contract, string GenericTicks) : IbRequest
{
    public override ITwsRequest Build(int reqId) => new ReqMktData(reqId, Contract, GenericTicks);

    public override ITwsRequest CancelFor(int reqId) => new CancelMktData(reqId);

    public override string Name => "reqMktData";

    public override string EndMarker => "first tick";
}

/// <summary>reqAccountSummary: a subscription (IB sends updates after accountSummaryEnd); cancelAccountSummary ends it.</summary>
public sealed record AccountSummaryRequest(string Group, string Tags) : IbRequest
{
    public override ITwsRequest Build(int reqId) => new ReqAccountSummary(reqId, Group, Tags);

    public override ITwsRequest CancelFor(int reqId) => new CancelAccountSummary(reqId);

    public override string Name => "reqAccountSummary";

    public override string EndMarker => "accountSummaryEnd";
}
