using WheelStrat.Tws.Wire;

namespace WheelStrat.Tws.Messages.Replies;

/// <summary>
/// orderStatus (3), no ver since MARKET_CAP_PRICE: orderId, status, filled, remaining, avgFillPrice,
/// permId, parentId, lastFillPrice, clientId, whyHeld, mktCapPrice.
/// </summary>
public sealed record OrderStatus(
    int OrderId,
    string Status,
    decimal? Filled,
    decimal? Remaining,
    double AvgFillPrice,
    long PermId,
    int ParentId,
    double LastFillPrice,
    int ClientId,
    string WhyHeld,
    double MktCapPrice) : IOrderReply, IReadable<OrderStatus>
{
    public void Write(FieldWriter w)
    {
        w.Write(ReplyIds.OrderStatus);
        w.Write(OrderId);
        w.Write(Status);
        w.Write(Filled);
        w.Write(Remaining);
        w.Write(AvgFillPrice);
        w.Write(PermId);
        w.Write(ParentId);
        w.Write(LastFillPrice);
        w.Write(ClientId);
        w.Write(WhyHeld);
        w.Write(MktCapPrice);
    }

    public static OrderStatus Read(ref FieldReader r) => new(
        r.ReadInt(), r.ReadString(), r.ReadDecimal(), r.ReadDecimal(), r.ReadDouble(), r.ReadLong(),
        r.ReadInt(), r.ReadDouble(), r.ReadInt(), r.ReadString(), r.ReadDouble());
}

/// <summary>openOrder (5), no ver since ORDER_CONTAINER; see <see cref="OrderWire"/> for the field list.</summary>
public sealed record OpenOrder(int OrderId, Contract Contract, Order Order, OrderState State) : IOrderReply, IReadable<OpenOrder>
{
    public void Write(FieldWriter w) => OrderWire.WriteOpenOrder(w, OrderId, Contract, Order, State);

    public static OpenOrder Read(ref FieldReader r)
    {
        var (orderId, contract, order, state) = OrderWire.ReadOpenOrder(ref r);
        return new OpenOrder(orderId, contract, order, state);
    }
}

/// <summary>openOrderEnd (53): ver 1.</summary>
public sealed record OpenOrderEnd : ITwsReply, IReadable<OpenOrderEnd>
{
    public void Write(FieldWriter w)
    {
        w.Write(ReplyIds.OpenOrderEnd);
        w.Write(1);
    }

    public static OpenOrderEnd Read(ref FieldReader r)
    {
        r.Skip();
        return new OpenOrderEnd();
    }
}

/// <summary>
/// completedOrder (101), no ver: one order that ended today (filled, cancelled or rejected), answered to
/// reqCompletedOrders; see <see cref="OrderWire"/> for the field list. It carries no orderId or clientId:
/// permId and orderRef identify it.
/// </summary>
public sealed record CompletedOrder(Contract Contract, Order Order, OrderState State) : ITwsReply, IReadable<CompletedOrder>
{
    public void Write(FieldWriter w) => OrderWire.WriteCompletedOrder(w, Contract, Order, State);

    public static CompletedOrder Read(ref FieldReader r)
    {
        var (contract, order, state) = OrderWire.ReadCompletedOrder(ref r);
        return new CompletedOrder(contract, order, state);
    }
}

/// <summary>completedOrdersEnd (102): no fields.</summary>
public sealed record CompletedOrdersEnd : ITwsReply, IReadable<CompletedOrdersEnd>
{
    public void Write(FieldWriter w) => w.Write(ReplyIds.CompletedOrdersEnd);

    public static CompletedOrdersEnd Read(ref FieldReader r) => new();
}

/// <summary>
/// execDetails (11), no ver since LAST_LIQUIDITY: reqId (-1 when pushed for a live fill), orderId, C11,
/// execId, time, acctNumber, exchange, side, shares, price, permId, clientId, liquidation, cumQty,
/// avgPrice, orderRef, evRule, evMultiplier, modelCode, lastLiquidity, pendingPriceRevision.
/// </summary>
public sealed record ExecDetails(int ReqId, Contract Contract, Execution Execution) : IRequestReply, IReadable<ExecDetails>
{
    public void Write(FieldWriter w)
    {
        var e = Execution;
        w.Write(ReplyIds.ExecDetails);
        w.Write(ReqId);
        w.Write(e.OrderId);
        Contract.WriteC11(w, Contract);
        w.Write(e.ExecId);
        w.Write(e.Time);
        w.Write(e.AcctNumber);
        w.Write(e.Exchange);
        w.Write(e.Side);
        w.Write(e.Shares);
        w.Write(e.Price);
        w.Write(e.PermId);
        w.Write(e.ClientId);
        w.Write(e.Liquidation);
        w.Write(e.CumQty);
        w.Write(e.AvgPrice);
        w.Write(e.OrderRef);
        w.Write(e.EvRule);
        w.Write(e.EvMultiplier);
        w.Write(e.ModelCode);
        w.Write(e.LastLiquidity);
        w.Write(e.PendingPriceRevision);
    }

    public static ExecDetails Read(ref FieldReader r)
    {
        var reqId = r.ReadInt();
        var orderId = r.ReadInt();
        var contract = Contract.ReadC11(ref r);
        var e = new Execution
        {
            OrderId = orderId,
            ExecId = r.ReadString(),
            Time = r.ReadString(),
            AcctNumber = r.ReadString(),
            Exchange = r.ReadString(),
            Side = r.ReadString(),
            Shares = r.ReadDecimal(),
            Price = r.ReadDouble(),
            PermId = r.ReadLong(),
            ClientId = r.ReadInt(),
            Liquidation = r.ReadInt(),
            CumQty = r.ReadDecimal(),
            AvgPrice = r.ReadDouble(),
            OrderRef = r.ReadString(),
            EvRule = r.ReadString(),
            EvMultiplier = r.ReadDouble(),
            ModelCode = r.ReadString(),
            LastLiquidity = r.ReadInt(),
            PendingPriceRevision = r.ReadBool(),
        };
        return new ExecDetails(reqId, contract, e);
    }
}

/// <summary>execDetailsEnd (55): ver 1, reqId.</summary>
public sealed record ExecDetailsEnd(int ReqId) : IRequestReply, IReadable<ExecDetailsEnd>
{
    public void Write(FieldWriter w)
    {
        w.Write(ReplyIds.ExecDetailsEnd);
        w.Write(1);
        w.Write(ReqId);
    }

    public static ExecDetailsEnd Read(ref FieldReader r)
    {
        r.Skip();
        return new ExecDetailsEnd(r.ReadInt());
    }
}

/// <summary>
/// commissionReport (59): ver 1, execId, commission, currency, realizedPNL, yield, yieldRedemptionDate.
/// IB sends unset doubles as the literal Double.MAX_VALUE here; decoded as null.
/// </summary>
public sealed record CommissionReport(
    string ExecId,
    double? Commission,
    string Currency,
    double? RealizedPnl,
    double? Yield,
    int YieldRedemptionDate) : ITwsReply, IReadable<CommissionReport>
{
    public void Write(FieldWriter w)
    {
        w.Write(ReplyIds.CommissionReport);
        w.Write(1);
        w.Write(ExecId);
        w.WriteMaxLiteral(Commission);
        w.Write(Currency);
        w.WriteMaxLiteral(RealizedPnl);
        w.WriteMaxLiteral(Yield);
        w.Write(YieldRedemptionDate);
    }

    public static CommissionReport Read(ref FieldReader r)
    {
        r.Skip();
        return new CommissionReport(r.ReadString(), r.ReadDoubleMax(), r.ReadString(), r.ReadDoubleMax(), r.ReadDoubleMax(), r.ReadInt());
    }
}
