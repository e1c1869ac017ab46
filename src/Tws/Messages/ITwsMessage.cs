using WheelStrat.Tws.Wire;

namespace WheelStrat.Tws.Messages;

/// <summary>A message that knows its own field order at the pinned server version.</summary>
public interface ITwsMessage
{
    /// <summary>Writes every field, the message id first, into the open frame.</summary>
    void Write(FieldWriter w);
}

/// <summary>Client → server.</summary>
public interface ITwsRequest : ITwsMessage;

/// <summary>Server → client.</summary>
public interface ITwsReply : ITwsMessage;

/// <summary>Decodes the fields that follow the message id.</summary>
public interface IReadable<out TSelf>
{
    static abstract TSelf Read(ref FieldReader r);
}

/// <summary>A reply that answers (or streams for) one request id: routed to the request's owner.</summary>
public interface IRequestReply : ITwsReply
{
    int ReqId { get; }
}

/// <summary>A reply about one order: routed to the order's owner.</summary>
public interface IOrderReply : ITwsReply
{
    int OrderId { get; }
}
