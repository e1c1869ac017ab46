using WheelStrat.Tws.Wire;

namespace WheelStrat.Tws.Messages.Replies;

/// <summary>errMsg (4): ver 2, id (reqId/orderId; -1 = system), code, message, advancedOrderRejectJson.</summary>
public sealed record ErrMsg(int Id, int Code, string Message, string AdvancedOrderRejectJson = "") : ITwsReply, IReadable<ErrMsg>
{
    public void Write(FieldWriter w)
    {
        w.Write(ReplyIds.ErrMsg);
        w.Write(2);
        w.Write(Id);
        w.Write(Code);
        w.Write(Message);
        w.Write(AdvancedOrderRejectJson);
    }

    public static ErrMsg Read(ref FieldReader r)
    {
        r.Skip();
        // Since ENCODE_MSG_ASCII7 (153) IB escapes non-ASCII text as \uXXXX.
        return new ErrMsg(r.ReadInt(), r.ReadInt(), UnicodeEscapes.Decode(r.ReadString()), UnicodeEscapes.Decode(r.ReadString()));
    }
}

/// <summary>nextValidId (9): ver 1, orderId.</summary>
public sealed record NextValidId(int OrderId) : ITwsReply, IReadable<NextValidId>
{
    public void Write(FieldWriter w)
    {
        w.Write(ReplyIds.NextValidId);
        w.Write(1);
        w.Write(OrderId);
    }

    public static NextValidId Read(ref FieldReader r)
    {
        r.Skip();
        return new NextValidId(r.ReadInt());
    }
}

/// <summary>currentTime (49): ver 1, epoch seconds.</summary>
public sealed record CurrentTime(long EpochSeconds) : ITwsReply, IReadable<CurrentTime>
{
    /// <summary>A method, not a property: an out-of-range value from the wire must not break ToString.</summary>
    public DateTimeOffset ToTime() => DateTimeOffset.FromUnixTimeSeconds(EpochSeconds);

    public void Write(FieldWriter w)
    {
        w.Write(ReplyIds.CurrentTime);
        w.Write(1);
        w.Write(EpochSeconds);
    }

    public static CurrentTime Read(ref FieldReader r)
    {
        r.Skip();
        return new CurrentTime(r.ReadLong());
    }
}

/// <summary>managedAccounts (15): ver 1, comma-separated account ids.</summary>
public sealed record ManagedAccounts(string AccountsList) : ITwsReply, IReadable<ManagedAccounts>
{
    public IReadOnlyList<string> Accounts =>
        AccountsList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public void Write(FieldWriter w)
    {
        w.Write(ReplyIds.ManagedAccounts);
        w.Write(1);
        w.Write(AccountsList);
    }

    public static ManagedAccounts Read(ref FieldReader r)
    {
        r.Skip();
        return new ManagedAccounts(r.ReadString());
    }
}

/// <summary>
/// Not a wire message: the client's report that a whole frame arrived whose fields do not decode (a
/// number that is not one, fields missing, no message id at all). The frame's length held, so the
/// stream is still in step and only this message is lost. It carries the message id (null when that
/// is what failed) and why, never the frame's bytes: any field may hold account data.
/// </summary>
public sealed record UndecodableMessage(int? MessageId, string Reason, int Length) : ITwsReply
{
    /// <summary>Nothing to encode: the bytes were never understood, and a report is never sent.</summary>
    public void Write(FieldWriter w) => throw new NotSupportedException("an undecodable message is a local report, never sent");
}

/// <summary>
/// A message id this codec does not model (IB sends many: news bulletins, tickEFP, ...).
/// It is surfaced rather than treated as a protocol error, because a real gateway may send it
/// unprompted and dropping the session over it would be worse than ignoring it.
/// </summary>
public sealed record UnknownMessage(int MessageId, int FieldCount) : ITwsReply, ITwsRequest
{
    public void Write(FieldWriter w)
    {
        w.Write(MessageId);
        for (var i = 1; i < FieldCount; i++)
        {
            w.WriteEmpty();
        }
    }
}
