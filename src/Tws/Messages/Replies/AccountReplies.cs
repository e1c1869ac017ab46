using WheelStrat.Tws.Wire;

namespace WheelStrat.Tws.Messages.Replies;

/// <summary>position (61): ver 3, account, C11, position, avgCost.</summary>
public sealed record Position(string Account, Contract Contract, decimal? Pos, double AvgCost) : ITwsReply, IReadable<Position>
{
    public void Write(FieldWriter w)
    {
        w.Write(ReplyIds.Position);
        w.Write(3);
        w.Write(Account);
        Contract.WriteC11(w, Contract);
        w.Write(Pos);
        w.Write(AvgCost);
    }

    public static Position Read(ref FieldReader r)
    {
        r.Skip();
        return new Position(r.ReadString(), Contract.ReadC11(ref r), r.ReadDecimal(), r.ReadDouble());
    }
}

/// <summary>positionEnd (62): ver 1.</summary>
public sealed record PositionEnd : ITwsReply, IReadable<PositionEnd>
{
    public void Write(FieldWriter w)
    {
        w.Write(ReplyIds.PositionEnd);
        w.Write(1);
    }

    public static PositionEnd Read(ref FieldReader r)
    {
        r.Skip();
        return new PositionEnd();
    }
}

/// <summary>accountSummary (63): ver 1, reqId, account, tag, value, currency.</summary>
public sealed record AccountSummary(int ReqId, string Account, string Tag, string Value, string Currency) : IRequestReply, IReadable<AccountSummary>
{
    public void Write(FieldWriter w)
    {
        w.Write(ReplyIds.AccountSummary);
        w.Write(1);
        w.Write(ReqId);
        w.Write(Account);
        w.Write(Tag);
        w.Write(Value);
        w.Write(Currency);
    }

    public static AccountSummary Read(ref FieldReader r)
    {
        r.Skip();
        return new AccountSummary(r.ReadInt(), r.ReadString(), r.ReadString(), r.ReadString(), r.ReadString());
    }
}

/// <summary>accountSummaryEnd (64): ver 1, reqId.</summary>
public sealed record AccountSummaryEnd(int ReqId) : IRequestReply, IReadable<AccountSummaryEnd>
{
    public void Write(FieldWriter w)
    {
        w.Write(ReplyIds.AccountSummaryEnd);
        w.Write(1);
        w.Write(ReqId);
    }

    public static AccountSummaryEnd Read(ref FieldReader r)
    {
        r.Skip();
        return new AccountSummaryEnd(r.ReadInt());
    }
}

/// <summary>updateAccountValue (6): ver 2, key, value, currency, accountName.</summary>
public sealed record UpdateAccountValue(string Key, string Value, string Currency, string AccountName) : ITwsReply, IReadable<UpdateAccountValue>
{
    public void Write(FieldWriter w)
    {
        w.Write(ReplyIds.UpdateAccountValue);
        w.Write(2);
        w.Write(Key);
        w.Write(Value);
        w.Write(Currency);
        w.Write(AccountName);
    }

    public static UpdateAccountValue Read(ref FieldReader r)
    {
        r.Skip();
        return new UpdateAccountValue(r.ReadString(), r.ReadString(), r.ReadString(), r.ReadString());
    }
}

/// <summary>
/// updatePortfolio (7): ver 8, conId, symbol, secType, lastTradeDateOrContractMonth, strike, right,
/// multiplier, primaryExchange (no exchange here), currency, localSymbol, tradingClass, position,
/// marketPrice, marketValue, averageCost, unrealizedPNL, realizedPNL, accountName.
/// </summary>
public sealed record UpdatePortfolio(
    Contract Contract,
    decimal? Position,
    double MarketPrice,
    double MarketValue,
    double AverageCost,
    double UnrealizedPnl,
    double RealizedPnl,
    string AccountName) : ITwsReply, IReadable<UpdatePortfolio>
{
    public void Write(FieldWriter w)
    {
        var c = Contract;
        w.Write(ReplyIds.UpdatePortfolio);
        w.Write(8);
        w.Write(c.ConId);
        w.Write(c.Symbol);
        w.Write(c.SecType);
        w.Write(c.LastTradeDateOrContractMonth);
        w.Write(c.Strike);
        w.Write(c.Right);
        w.Write(c.Multiplier);
        w.Write(c.PrimaryExchange);
        w.Write(c.Currency);
        w.Write(c.LocalSymbol);
        w.Write(c.TradingClass);
        w.Write(Position);
        w.Write(MarketPrice);
        w.Write(MarketValue);
        w.Write(AverageCost);
        w.Write(UnrealizedPnl);
        w.Write(RealizedPnl);
        w.Write(AccountName);
    }

    public static UpdatePortfolio Read(ref FieldReader r)
    {
        r.Skip();
        var c = new Contract
        {
            ConId = r.ReadInt(),
            Symbol = r.ReadString(),
            SecType = r.ReadString(),
            LastTradeDateOrContractMonth = r.ReadString(),
            Strike = r.ReadDouble(),
            Right = r.ReadString(),
            Multiplier = r.ReadString(),
            PrimaryExchange = r.ReadString(),
            Currency = r.ReadString(),
            LocalSymbol = r.ReadString(),
            TradingClass = r.ReadString(),
        };
        return new UpdatePortfolio(c, r.ReadDecimal(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadString());
    }
}

/// <summary>updateAccountTime (8): ver 1, timeStamp ("HH:mm").</summary>
public sealed record UpdateAccountTime(string TimeStamp) : ITwsReply, IReadable<UpdateAccountTime>
{
    public void Write(FieldWriter w)
    {
        w.Write(ReplyIds.UpdateAccountTime);
        w.Write(1);
        w.Write(TimeStamp);
    }

    public static UpdateAccountTime Read(ref FieldReader r)
    {
        r.Skip();
        return new UpdateAccountTime(r.ReadString());
    }
}

/// <summary>accountDownloadEnd (54): ver 1, account.</summary>
public sealed record AccountDownloadEnd(string Account) : ITwsReply, IReadable<AccountDownloadEnd>
{
    public void Write(FieldWriter w)
    {
        w.Write(ReplyIds.AccountDownloadEnd);
        w.Write(1);
        w.Write(Account);
    }

    public static AccountDownloadEnd Read(ref FieldReader r)
    {
        r.Skip();
        return new AccountDownloadEnd(r.ReadString());
    }
}

/// <summary>accountUpdateMulti (73): ver 1, reqId, account, modelCode, key, value, currency.</summary>
public sealed record AccountUpdateMulti(int ReqId, string Account, string ModelCode, string Key, string Value, string Currency)
    : IRequestReply, IReadable<AccountUpdateMulti>
{
    public void Write(FieldWriter w)
    {
        w.Write(ReplyIds.AccountUpdateMulti);
        w.Write(1);
        w.Write(ReqId);
        w.Write(Account);
        w.Write(ModelCode);
        w.Write(Key);
        w.Write(Value);
        w.Write(Currency);
    }

    public static AccountUpdateMulti Read(ref FieldReader r)
    {
        r.Skip();
        return new AccountUpdateMulti(r.ReadInt(), r.ReadString(), r.ReadString(), r.ReadString(), r.ReadString(), r.ReadString());
    }
}

/// <summary>accountUpdateMultiEnd (74): ver 1, reqId.</summary>
public sealed record AccountUpdateMultiEnd(int ReqId) : IRequestReply, IReadable<AccountUpdateMultiEnd>
{
    public void Write(FieldWriter w)
    {
        w.Write(ReplyIds.AccountUpdateMultiEnd);
        w.Write(1);
        w.Write(ReqId);
    }

    public static AccountUpdateMultiEnd Read(ref FieldReader r)
    {
        r.Skip();
        return new AccountUpdateMultiEnd(r.ReadInt());
    }
}
