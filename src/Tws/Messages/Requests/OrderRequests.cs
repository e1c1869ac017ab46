using WheelStrat.Tws.Wire;

namespace WheelStrat.Tws.Messages.Requests;

/// <summary>placeOrder (3): no ver since ORDER_CONTAINER; see <see cref="OrderWire"/> for the field list.</summary>
public sealed record PlaceOrder(int OrderId, Contract Contract, Order Order) : ITwsRequest, IReadable<PlaceOrder>
{
    public string SecIdType { get; init; } = "";
    public string SecId { get; init; } = "";

    public void Write(FieldWriter w) => OrderWire.WritePlaceOrder(w, OrderId, Contract, Order, SecIdType, SecId);

    public static PlaceOrder Read(ref FieldReader r)
    {
        var (orderId, contract, order, secIdType, secId) = OrderWire.ReadPlaceOrder(ref r);
        return new PlaceOrder(orderId, contract, order) { SecIdType = secIdType, SecId = secId };
    }
}

/// <summary>cancelOrder (4): ver 1 (dropped only at 192), orderId, manualOrderCancelTime.</summary>
public sealed record CancelOrder(int OrderId, string ManualOrderCancelTime = "") : ITwsRequest, IReadable<CancelOrder>
{
    public void Write(FieldWriter w)
    {
        w.Write(RequestIds.CancelOrder);
        w.Write(1);
        w.Write(OrderId);
        w.Write(ManualOrderCancelTime);
    }

    public static CancelOrder Read(ref FieldReader r)
    {
        r.Skip();
        return new CancelOrder(r.ReadInt(), r.ReadString());
    }
}

/// <summary>reqOpenOrders (5): ver 1 — open orders of this client.</summary>
public sealed record ReqOpenOrders : ITwsRequest, IReadable<ReqOpenOrders>
{
    public void Write(FieldWriter w)
    {
        w.Write(RequestIds.ReqOpenOrders);
        w.Write(1);
    }

    public static ReqOpenOrders Read(ref FieldReader r)
    {
        r.Skip();
        return new ReqOpenOrders();
    }
}

/// <summary>reqAllOpenOrders (16): ver 1 — open orders of every client.</summary>
public sealed record ReqAllOpenOrders : ITwsRequest, IReadable<ReqAllOpenOrders>
{
    public void Write(FieldWriter w)
    {
        w.Write(RequestIds.ReqAllOpenOrders);
        w.Write(1);
    }

    public static ReqAllOpenOrders Read(ref FieldReader r)
    {
        r.Skip();
        return new ReqAllOpenOrders();
    }
}

/// <summary>reqAutoOpenOrders (15): ver 1, autoBind (clientId 0 only).</summary>
public sealed record ReqAutoOpenOrders(bool AutoBind) : ITwsRequest, IReadable<ReqAutoOpenOrders>
{
    public void Write(FieldWriter w)
    {
        w.Write(RequestIds.ReqAutoOpenOrders);
        w.Write(1);
        w.Write(AutoBind);
    }

    public static ReqAutoOpenOrders Read(ref FieldReader r)
    {
        r.Skip();
        return new ReqAutoOpenOrders(r.ReadBool());
    }
}

/// <summary>reqCompletedOrders (99), no ver: apiOnly.</summary>
public sealed record ReqCompletedOrders(bool ApiOnly) : ITwsRequest, IReadable<ReqCompletedOrders>
{
    public void Write(FieldWriter w)
    {
        w.Write(RequestIds.ReqCompletedOrders);
        w.Write(ApiOnly);
    }

    public static ReqCompletedOrders Read(ref FieldReader r) => new(r.ReadBool());
}

/// <summary>IB's ExecutionFilter; every empty field matches everything.</summary>
public sealed record ExecutionFilter
{
    public int ClientId { get; init; }
    public string AcctCode { get; init; } = "";
    /// <summary>"yyyyMMdd-HH:mm:ss" (UTC) or "yyyyMMdd HH:mm:ss [TZ]": executions at or after it.</summary>
    public string Time { get; init; } = "";
    public string Symbol { get; init; } = "";
    public string SecType { get; init; } = "";
    public string Exchange { get; init; } = "";
    public string Side { get; init; } = "";
}

/// <summary>reqExecutions (7): ver 3, reqId, filter (clientId, acctCode, time, symbol, secType, exchange, side).</summary>
public sealed record ReqExecutions(int ReqId, ExecutionFilter Filter) : ITwsRequest, IReadable<ReqExecutions>
{
    public void Write(FieldWriter w)
    {
        w.Write(RequestIds.ReqExecutions);
        w.Write(3);
        w.Write(ReqId);
        w.Write(Filter.ClientId);
        w.Write(Filter.AcctCode);
        w.Write(Filter.Time);
        w.Write(Filter.Symbol);
        w.Write(Filter.SecType);
        w.Write(Filter.Exchange);
        w.Write(Filter.Side);
    }

    public static ReqExecutions Read(ref FieldReader r)
    {
        r.Skip();
        return new ReqExecutions(r.ReadInt(), new ExecutionFilter
        {
            ClientId = r.ReadInt(),
            AcctCode = r.ReadString(),
            Time = r.ReadString(),
            Symbol = r.ReadString(),
            SecType = r.ReadString(),
            Exchange = r.ReadString(),
            Side = r.ReadString(),
        });
    }
}
