using WheelStrat.Tws.Wire;

namespace WheelStrat.Tws.Messages.Requests;

// Session-level requests. "ver" fields are IB's legacy per-message versions at server version 178.

/// <summary>startApi (71): ver 2, clientId, optionalCapabilities.</summary>
public sealed record StartApi(int ClientId, string OptionalCapabilities = "") : ITwsRequest, IReadable<StartApi>
{
    public void Write(FieldWriter w)
    {
        w.Write(RequestIds.StartApi);
        w.Write(2);
        w.Write(ClientId);
        w.Write(OptionalCapabilities);
    }

    public static StartApi Read(ref FieldReader r)
    {
        r.Skip();
        return new StartApi(r.ReadInt(), r.ReadString());
    }
}

/// <summary>reqCurrentTime (49): ver 1. The bridge's heartbeat.</summary>
public sealed record ReqCurrentTime : ITwsRequest, IReadable<ReqCurrentTime>
{
    public void Write(FieldWriter w)
    {
        w.Write(RequestIds.ReqCurrentTime);
        w.Write(1);
    }

    public static ReqCurrentTime Read(ref FieldReader r)
    {
        r.Skip();
        return new ReqCurrentTime();
    }
}

/// <summary>reqIds (8): ver 1, numIds (TWS ignores the count and answers one nextValidId).</summary>
public sealed record ReqIds(int NumIds = 1) : ITwsRequest, IReadable<ReqIds>
{
    public void Write(FieldWriter w)
    {
        w.Write(RequestIds.ReqIds);
        w.Write(1);
        w.Write(NumIds);
    }

    public static ReqIds Read(ref FieldReader r)
    {
        r.Skip();
        return new ReqIds(r.ReadInt());
    }
}

/// <summary>reqManagedAccts (17): ver 1.</summary>
public sealed record ReqManagedAccts : ITwsRequest, IReadable<ReqManagedAccts>
{
    public void Write(FieldWriter w)
    {
        w.Write(RequestIds.ReqManagedAccts);
        w.Write(1);
    }

    public static ReqManagedAccts Read(ref FieldReader r)
    {
        r.Skip();
        return new ReqManagedAccts();
    }
}
