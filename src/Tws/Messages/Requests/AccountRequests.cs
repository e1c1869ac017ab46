using WheelStrat.Tws.Wire;

namespace WheelStrat.Tws.Messages.Requests;

/// <summary>reqPositions (61): ver 1.</summary>
public sealed record ReqPositions : ITwsRequest, IReadable<ReqPositions>
{
    public void Write(FieldWriter w)
    {
        w.Write(RequestIds.ReqPositions);
        w.Write(1);
    }

    public static ReqPositions Read(ref FieldReader r)
    {
        r.Skip();
        return new ReqPositions();
    }
}

/// <summary>cancelPositions (64): ver 1.</summary>
public sealed record CancelPositions : ITwsRequest, IReadable<CancelPositions>
{
    public void Write(FieldWriter w)
    {
        w.Write(RequestIds.CancelPositions);
        w.Write(1);
    }

    public static CancelPositions Read(ref FieldReader r)
    {
        r.Skip();
        return new CancelPositions();
    }
}

/// <summary>reqAccountSummary (62): ver 1, reqId, group ("All"), tags (csv or "$LEDGER").</summary>
public sealed record ReqAccountSummary(int ReqId, string Group, string Tags) : ITwsRequest, IReadable<ReqAccountSummary>
{
    public void Write(FieldWriter w)
    {
        w.Write(RequestIds.ReqAccountSummary);
        w.Write(1);
        w.Write(ReqId);
        w.Write(Group);
        w.Write(Tags);
    }

    public static ReqAccountSummary Read(ref FieldReader r)
    {
        r.Skip();
        return new ReqAccountSummary(r.ReadInt(), r.ReadString(), r.ReadString());
    }
}

/// <summary>cancelAccountSummary (63): ver 1, reqId.</summary>
public sealed record CancelAccountSummary(int ReqId) : ITwsRequest, IReadable<CancelAccountSummary>
{
    public void Write(FieldWriter w)
    {
        w.Write(RequestIds.CancelAccountSummary);
        w.Write(1);
        w.Write(ReqId);
    }

    public static CancelAccountSummary Read(ref FieldReader r)
    {
        r.Skip();
        return new CancelAccountSummary(r.ReadInt());
    }
}

/// <summary>reqAccountUpdates (6): ver 2, subscribe, acctCode.</summary>
public sealed record ReqAccountUpdates(bool Subscribe, string AcctCode) : ITwsRequest, IReadable<ReqAccountUpdates>
{
    public void Write(FieldWriter w)
    {
        w.Write(RequestIds.ReqAccountUpdates);
        w.Write(2);
        w.Write(Subscribe);
        w.Write(AcctCode);
    }

    public static ReqAccountUpdates Read(ref FieldReader r)
    {
        r.Skip();
        return new ReqAccountUpdates(r.ReadBool(), r.ReadString());
    }
}

/// <summary>reqAccountUpdatesMulti (76): ver 1, reqId, account, modelCode, ledgerAndNLV.</summary>
public sealed record ReqAccountUpdatesMulti(int ReqId, string Account, string ModelCode, bool LedgerAndNlv)
    : ITwsRequest, IReadable<ReqAccountUpdatesMulti>
{
    public void Write(FieldWriter w)
    {
        w.Write(RequestIds.ReqAccountUpdatesMulti);
        w.Write(1);
        w.Write(ReqId);
        w.Write(Account);
        w.Write(ModelCode);
        w.Write(LedgerAndNlv);
    }

    public static ReqAccountUpdatesMulti Read(ref FieldReader r)
    {
        r.Skip();
        return new ReqAccountUpdatesMulti(r.ReadInt(), r.ReadString(), r.ReadString(), r.ReadBool());
    }
}

/// <summary>cancelAccountUpdatesMulti (77): ver 1, reqId.</summary>
public sealed record CancelAccountUpdatesMulti(int ReqId) : ITwsRequest, IReadable<CancelAccountUpdatesMulti>
{
    public void Write(FieldWriter w)
    {
        w.Write(RequestIds.CancelAccountUpdatesMulti);
        w.Write(1);
        w.Write(ReqId);
    }

    public static CancelAccountUpdatesMulti Read(ref FieldReader r)
    {
        r.Skip();
        return new CancelAccountUpdatesMulti(r.ReadInt());
    }
}
