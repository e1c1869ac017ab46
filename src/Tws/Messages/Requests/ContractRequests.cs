using WheelStrat.Tws.Wire;

namespace WheelStrat.Tws.Messages.Requests;

/// <summary>reqContractDetails (9): ver 8, reqId, C12, includeExpired, secIdType, secId, issuerId.</summary>
public sealed record ReqContractDetails(int ReqId, Contract Contract) : ITwsRequest, IReadable<ReqContractDetails>
{
    public bool IncludeExpired { get; init; }
    public string SecIdType { get; init; } = "";
    public string SecId { get; init; } = "";
    public string IssuerId { get; init; } = "";

    public void Write(FieldWriter w)
    {
        w.Write(RequestIds.ReqContractDetails);
        w.Write(8);
        w.Write(ReqId);
        Contract.WriteC12(w, Contract);
        w.Write(IncludeExpired);
        w.Write(SecIdType);
        w.Write(SecId);
        w.Write(IssuerId);
    }

    public static ReqContractDetails Read(ref FieldReader r)
    {
        r.Skip();
        return new ReqContractDetails(r.ReadInt(), Contract.ReadC12(ref r))
        {
            IncludeExpired = r.ReadBool(),
            SecIdType = r.ReadString(),
            SecId = r.ReadString(),
            IssuerId = r.ReadString(),
        };
    }
}

/// <summary>reqSecDefOptParams (78), no ver: reqId, underlyingSymbol, futFopExchange, underlyingSecType, underlyingConId.</summary>
public sealed record ReqSecDefOptParams(
    int ReqId,
    string UnderlyingSymbol,
    string FutFopExchange,
    string UnderlyingSecType,
    int UnderlyingConId) : ITwsRequest, IReadable<ReqSecDefOptParams>
{
    public void Write(FieldWriter w)
    {
        w.Write(RequestIds.ReqSecDefOptParams);
        w.Write(ReqId);
        w.Write(UnderlyingSymbol);
        w.Write(FutFopExchange);
        w.Write(UnderlyingSecType);
        w.Write(UnderlyingConId);
    }

    public static ReqSecDefOptParams Read(ref FieldReader r) =>
        new(r.ReadInt(), r.ReadString(), r.ReadString(), r.ReadString(), r.ReadInt());
}
