using WheelStrat.Tws.Wire;

namespace WheelStrat.Tws.Messages.Replies;

/// <summary>
/// tickPrice (1): ver 6, reqId, tickType, price, size, attrMask. Decoders honour the version as IB's
/// do: size from ver 2, attribute mask from ver 3 (bit 0 canAutoExecute, bit 1 pastLimit, bit 2 preOpen).
/// </summary>
public sealed record TickPrice(int ReqId, int TickType, double Price, decimal? Size, int AttrMask = 0) : IRequestReply, IReadable<TickPrice>
{
    public void Write(FieldWriter w)
    {
        w.Write(ReplyIds.TickPrice);
        w.Write(6);
        w.Write(ReqId);
        w.Write(TickType);
        w.Write(Price);
        w.Write(Size);
        w.Write(AttrMask);
    }

    public static TickPrice Read(ref FieldReader r)
    {
        var version = r.ReadInt();
        var reqId = r.ReadInt();
        var tickType = r.ReadInt();
        var price = r.ReadDouble();
        var size = version >= 2 ? r.ReadDecimal() : null;
        var mask = version >= 3 ? r.ReadInt() : 0;
        return new TickPrice(reqId, tickType, price, size, mask);
    }
}

/// <summary>tickSize (2): ver 6, reqId, tickType, size.</summary>
public sealed record TickSize(int ReqId, int TickType, decimal? Size) : IRequestReply, IReadable<TickSize>
{
    public void Write(FieldWriter w)
    {
        w.Write(ReplyIds.TickSize);
        w.Write(6);
        w.Write(ReqId);
        w.Write(TickType);
        w.Write(Size);
    }

    public static TickSize Read(ref FieldReader r)
    {
        r.Skip();
        return new TickSize(r.ReadInt(), r.ReadInt(), r.ReadDecimal());
    }
}

/// <summary>
/// tickOptionComputation (21), no ver since PRICE_BASED_VOLATILITY: reqId, tickType, tickAttrib,
/// impliedVol, delta, optPrice, pvDividend, gamma, vega, theta, undPrice. IB marks "not computed" as
/// -1 (impliedVol, optPrice, pvDividend, undPrice) or -2 (greeks); decoded as null.
/// </summary>
public sealed record TickOptionComputation(
    int ReqId,
    int TickType,
    int TickAttrib,
    double? ImpliedVol,
    double? Delta,
    double? OptPrice,
    double? PvDividend,
    double? Gamma,
    double? Vega,
    double? Theta,
    double? UndPrice) : IRequestReply, IReadable<TickOptionComputation>
{
    public void Write(FieldWriter w)
    {
        w.Write(ReplyIds.TickOptionComputation);
        w.Write(ReqId);
        w.Write(TickType);
        w.Write(TickAttrib);
        w.Write(ImpliedVol ?? -1);
        w.Write(Delta ?? -2);
        w.Write(OptPrice ?? -1);
        w.Write(PvDividend ?? -1);
        w.Write(Gamma ?? -2);
        w.Write(Vega ?? -2);
        w.Write(Theta ?? -2);
        w.Write(UndPrice ?? -1);
    }

    public static TickOptionComputation Read(ref FieldReader r) => new(
        r.ReadInt(),
        r.ReadInt(),
        r.ReadInt(),
        Computed(r.ReadDouble(), -1),
        Computed(r.ReadDouble(), -2),
        Computed(r.ReadDouble(), -1),
        Computed(r.ReadDouble(), -1),
        Computed(r.ReadDouble(), -2),
        Computed(r.ReadDouble(), -2),
        Computed(r.ReadDouble(), -2),
        Computed(r.ReadDouble(), -1));

    private static double? Computed(double value, double notComputed) =>
        value == notComputed || value >= double.MaxValue ? null : value;
}

/// <summary>tickGeneric (45): ver 6, reqId, tickType, value.</summary>
public sealed record TickGeneric(int ReqId, int TickType, double Value) : IRequestReply, IReadable<TickGeneric>
{
    public void Write(FieldWriter w)
    {
        w.Write(ReplyIds.TickGeneric);
        w.Write(6);
        w.Write(ReqId);
        w.Write(TickType);
        w.Write(Value);
    }

    public static TickGeneric Read(ref FieldReader r)
    {
        r.Skip();
        return new TickGeneric(r.ReadInt(), r.ReadInt(), r.ReadDouble());
    }
}

/// <summary>tickString (46): ver 6, reqId, tickType, value.</summary>
public sealed record TickString(int ReqId, int TickType, string Value) : IRequestReply, IReadable<TickString>
{
    public void Write(FieldWriter w)
    {
        w.Write(ReplyIds.TickString);
        w.Write(6);
        w.Write(ReqId);
        w.Write(TickType);
        w.Write(Value);
    }

    public static TickString Read(ref FieldReader r)
    {
        r.Skip();
        return new TickString(r.ReadInt(), r.ReadInt(), r.ReadString());
    }
}

/// <summary>tickSnapshotEnd (57): ver 1, reqId.</summary>
public sealed record TickSnapshotEnd(int ReqId) : IRequestReply, IReadable<TickSnapshotEnd>
{
    public void Write(FieldWriter w)
    {
        w.Write(ReplyIds.TickSnapshotEnd);
        w.Write(1);
        w.Write(ReqId);
    }

    public static TickSnapshotEnd Read(ref FieldReader r)
    {
        r.Skip();
        return new TickSnapshotEnd(r.ReadInt());
    }
}

/// <summary>tickReqParams (81), no ver: reqId, minTick, bboExchange, snapshotPermissions.</summary>
public sealed record TickReqParams(int ReqId, double MinTick, string BboExchange, int SnapshotPermissions) : IRequestReply, IReadable<TickReqParams>
{
    public void Write(FieldWriter w)
    {
        w.Write(ReplyIds.TickReqParams);
        w.Write(ReqId);
        w.Write(MinTick);
        w.Write(BboExchange);
        w.Write(SnapshotPermissions);
    }

    public static TickReqParams Read(ref FieldReader r) => new(r.ReadInt(), r.ReadDouble(), r.ReadString(), r.ReadInt());
}

/// <summary>marketDataType (58): ver 1, reqId, type (1 live, 2 frozen, 3 delayed, 4 delayed-frozen).</summary>
public sealed record MarketDataType(int ReqId, int Type) : IRequestReply, IReadable<MarketDataType>
{
    public void Write(FieldWriter w)
    {
        w.Write(ReplyIds.MarketDataType);
        w.Write(1);
        w.Write(ReqId);
        w.Write(Type);
    }

    public static MarketDataType Read(ref FieldReader r)
    {
        r.Skip();
        return new MarketDataType(r.ReadInt(), r.ReadInt());
    }
}

/// <summary>One bar of historicalData.</summary>
public sealed record Bar(string Time, double Open, double High, double Low, double Close, decimal? Volume, decimal? Wap, int BarCount);

/// <summary>
/// historicalData (17), no ver since SYNT_REALTIME_BARS: reqId, startDate, endDate, barCount, then per
/// bar date, open, high, low, close, volume, wap, count. At 178 this one message also ends the request.
/// </summary>
public sealed record HistoricalData(int ReqId, string StartDate, string EndDate, EquatableList<Bar> Bars) : IRequestReply, IReadable<HistoricalData>
{
    public void Write(FieldWriter w)
    {
        w.Write(ReplyIds.HistoricalData);
        w.Write(ReqId);
        w.Write(StartDate);
        w.Write(EndDate);
        w.Write(Bars.Count);
        foreach (var b in Bars)
        {
            w.Write(b.Time);
            w.Write(b.Open);
            w.Write(b.High);
            w.Write(b.Low);
            w.Write(b.Close);
            w.Write(b.Volume);
            w.Write(b.Wap);
            w.Write(b.BarCount);
        }
    }

    public static HistoricalData Read(ref FieldReader r)
    {
        var reqId = r.ReadInt();
        var start = r.ReadString();
        var end = r.ReadString();
        var n = r.ReadCount();
        var bars = new Bar[n];
        for (var i = 0; i < n; i++)
        {
            bars[i] = new Bar(r.ReadString(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(),
                r.ReadDecimal(), r.ReadDecimal(), r.ReadInt());
        }

        return new HistoricalData(reqId, start, end, bars);
    }
}

/// <summary>historicalDataUpdate (90), no ver: reqId, barCount, date, open, close, high, low, wap, volume (note the order).</summary>
public sealed record HistoricalDataUpdate(int ReqId, Bar Bar) : IRequestReply, IReadable<HistoricalDataUpdate>
{
    public void Write(FieldWriter w)
    {
        w.Write(ReplyIds.HistoricalDataUpdate);
        w.Write(ReqId);
        w.Write(Bar.BarCount);
        w.Write(Bar.Time);
        w.Write(Bar.Open);
        w.Write(Bar.Close);
        w.Write(Bar.High);
        w.Write(Bar.Low);
        w.Write(Bar.Wap);
        w.Write(Bar.Volume);
    }

    public static HistoricalDataUpdate Read(ref FieldReader r)
    {
        var reqId = r.ReadInt();
        var count = r.ReadInt();
        var time = r.ReadString();
        var open = r.ReadDouble();
        var close = r.ReadDouble();
        var high = r.ReadDouble();
        var low = r.ReadDouble();
        var wap = r.ReadDecimal();
        var volume = r.ReadDecimal();
        return new HistoricalDataUpdate(reqId, new Bar(time, open, high, low, close, volume, wap, count));
    }
}
