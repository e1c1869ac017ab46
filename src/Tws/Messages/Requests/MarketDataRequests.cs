using WheelStrat.Tws.Wire;

namespace WheelStrat.Tws.Messages.Requests;

/// <summary>
/// reqMktData (1): ver 11, reqId, C12, [BAG: legs], deltaNeutral flag [+conId, delta, price],
/// genericTickList, snapshot, regulatorySnapshot, mktDataOptions.
/// </summary>
public sealed record ReqMktData(
    int ReqId,
    Contract Contract,
    string GenericTickList = "",
    bool Snapshot = false,
    bool RegulatorySnapshot = false) : ITwsRequest, IReadable<ReqMktData>
{
    public DeltaNeutralContract? DeltaNeutral { get; init; }

    public EquatableList<TagValue> MktDataOptions { get; init; } = EquatableList<TagValue>.Empty;

    public void Write(FieldWriter w)
    {
        w.Write(RequestIds.ReqMktData);
        w.Write(11);
        w.Write(ReqId);
        Contract.WriteC12(w, Contract);
        ComboLegs.WriteNone(w, Contract);
        DeltaNeutralContract.Write(w, DeltaNeutral);
        w.Write(GenericTickList);
        w.Write(Snapshot);
        w.Write(RegulatorySnapshot);
        TagValue.WriteInline(w, MktDataOptions);
    }

    public static ReqMktData Read(ref FieldReader r)
    {
        r.Skip();
        var reqId = r.ReadInt();
        var contract = Contract.ReadC12(ref r);
        ComboLegs.Skip(ref r, contract);
        var dn = DeltaNeutralContract.Read(ref r);
        return new ReqMktData(reqId, contract, r.ReadString(), r.ReadBool(), r.ReadBool())
        {
            DeltaNeutral = dn,
            MktDataOptions = TagValue.ReadInline(ref r),
        };
    }
}

/// <summary>cancelMktData (2): ver 1 (Java; ib_insync sends 2 — servers ignore it), reqId.</summary>
public sealed record CancelMktData(int ReqId) : ITwsRequest, IReadable<CancelMktData>
{
    public void Write(FieldWriter w)
    {
        w.Write(RequestIds.CancelMktData);
        w.Write(1);
        w.Write(ReqId);
    }

    public static CancelMktData Read(ref FieldReader r)
    {
        r.Skip();
        return new CancelMktData(r.ReadInt());
    }
}

/// <summary>reqMarketDataType (59): ver 1, marketDataType (1 live, 2 frozen, 3 delayed, 4 delayed-frozen).</summary>
public sealed record ReqMarketDataType(int MarketDataType) : ITwsRequest, IReadable<ReqMarketDataType>
{
    public void Write(FieldWriter w)
    {
        w.Write(RequestIds.ReqMarketDataType);
        w.Write(1);
        w.Write(MarketDataType);
    }

    public static ReqMarketDataType Read(ref FieldReader r)
    {
        r.Skip();
        return new ReqMarketDataType(r.ReadInt());
    }
}

/// <summary>
/// reqHistoricalData (20), no ver since SYNT_REALTIME_BARS: reqId, C12, includeExpired, endDateTime,
/// barSizeSetting, durationStr, useRTH, whatToShow, formatDate, [BAG: legs], keepUpToDate, chartOptions.
/// </summary>
public sealed record ReqHistoricalData(
    int ReqId,
    Contract Contract,
    string EndDateTime,
    string DurationStr,
    string BarSizeSetting,
    string WhatToShow,
    bool UseRth,
    int FormatDate = 1,
    bool KeepUpToDate = false) : ITwsRequest, IReadable<ReqHistoricalData>
{
    public bool IncludeExpired { get; init; }

    public EquatableList<TagValue> ChartOptions { get; init; } = EquatableList<TagValue>.Empty;

    public void Write(FieldWriter w)
    {
        w.Write(RequestIds.ReqHistoricalData);
        w.Write(ReqId);
        Contract.WriteC12(w, Contract);
        w.Write(IncludeExpired);
        w.Write(EndDateTime);
        w.Write(BarSizeSetting);
        w.Write(DurationStr);
        w.Write(UseRth);
        w.Write(WhatToShow);
        w.Write(FormatDate);
        ComboLegs.WriteNone(w, Contract);
        w.Write(KeepUpToDate);
        TagValue.WriteInline(w, ChartOptions);
    }

    public static ReqHistoricalData Read(ref FieldReader r)
    {
        var reqId = r.ReadInt();
        var contract = Contract.ReadC12(ref r);
        var includeExpired = r.ReadBool();
        var end = r.ReadString();
        var barSize = r.ReadString();
        var duration = r.ReadString();
        var useRth = r.ReadBool();
        var whatToShow = r.ReadString();
        var formatDate = r.ReadInt();
        ComboLegs.Skip(ref r, contract);
        return new ReqHistoricalData(reqId, contract, end, duration, barSize, whatToShow, useRth, formatDate, r.ReadBool())
        {
            IncludeExpired = includeExpired,
            ChartOptions = TagValue.ReadInline(ref r),
        };
    }
}

/// <summary>cancelHistoricalData (25): ver 1, reqId.</summary>
public sealed record CancelHistoricalData(int ReqId) : ITwsRequest, IReadable<CancelHistoricalData>
{
    public void Write(FieldWriter w)
    {
        w.Write(RequestIds.CancelHistoricalData);
        w.Write(1);
        w.Write(ReqId);
    }

    public static CancelHistoricalData Read(ref FieldReader r)
    {
        r.Skip();
        return new CancelHistoricalData(r.ReadInt());
    }
}
