using WheelStrat.Tws.Wire;

namespace WheelStrat.Tws.Messages.Replies;

/// <summary>IB's ContractDetails as contractData carries it at 178.</summary>
public sealed record ContractDetails
{
    public Contract Contract { get; init; } = new();
    public string MarketName { get; init; } = "";
    public double MinTick { get; init; }
    public string OrderTypes { get; init; } = "";
    public string ValidExchanges { get; init; } = "";
    public int PriceMagnifier { get; init; }
    public int UnderConId { get; init; }
    public string LongName { get; init; } = "";
    public string ContractMonth { get; init; } = "";
    public string Industry { get; init; } = "";
    public string Category { get; init; } = "";
    public string Subcategory { get; init; } = "";
    public string TimeZoneId { get; init; } = "";
    public string TradingHours { get; init; } = "";
    public string LiquidHours { get; init; } = "";
    public string EvRule { get; init; } = "";
    public double EvMultiplier { get; init; }
    public EquatableList<TagValue> SecIdList { get; init; } = EquatableList<TagValue>.Empty;
    public int AggGroup { get; init; }
    public string UnderSymbol { get; init; } = "";
    public string UnderSecType { get; init; } = "";
    public string MarketRuleIds { get; init; } = "";
    public string RealExpirationDate { get; init; } = "";
    public string StockType { get; init; } = "";
    public decimal? MinSize { get; init; }
    public decimal? SizeIncrement { get; init; }
    public decimal? SuggestedSizeIncrement { get; init; }
}

/// <summary>
/// contractData (10), no ver since SIZE_RULES (164): reqId, symbol, secType, lastTradeDateOrContractMonth,
/// strike, right, exchange, currency, localSymbol, marketName, tradingClass, conId, minTick, multiplier,
/// orderTypes, validExchanges, priceMagnifier, underConId, longName, primaryExchange, contractMonth,
/// industry, category, subcategory, timeZoneId, tradingHours, liquidHours, evRule, evMultiplier,
/// secIdCount + {tag, value}, aggGroup, underSymbol, underSecType, marketRuleIds, realExpirationDate,
/// stockType, minSize, sizeIncrement, suggestedSizeIncrement.
/// </summary>
public sealed record ContractData(int ReqId, ContractDetails Details) : IRequestReply, IReadable<ContractData>
{
    public void Write(FieldWriter w)
    {
        var d = Details;
        var c = d.Contract;
        w.Write(ReplyIds.ContractData);
        w.Write(ReqId);
        w.Write(c.Symbol);
        w.Write(c.SecType);
        w.Write(c.LastTradeDateOrContractMonth);
        w.Write(c.Strike);
        w.Write(c.Right);
        w.Write(c.Exchange);
        w.Write(c.Currency);
        w.Write(c.LocalSymbol);
        w.Write(d.MarketName);
        w.Write(c.TradingClass);
        w.Write(c.ConId);
        w.Write(d.MinTick);
        w.Write(c.Multiplier);
        w.Write(d.OrderTypes);
        w.Write(d.ValidExchanges);
        w.Write(d.PriceMagnifier);
        w.Write(d.UnderConId);
        w.Write(d.LongName);
        w.Write(c.PrimaryExchange);
        w.Write(d.ContractMonth);
        w.Write(d.Industry);
        w.Write(d.Category);
        w.Write(d.Subcategory);
        w.Write(d.TimeZoneId);
        w.Write(d.TradingHours);
        w.Write(d.LiquidHours);
        w.Write(d.EvRule);
        w.Write(d.EvMultiplier);
        TagValue.WriteCounted(w, d.SecIdList);
        w.Write(d.AggGroup);
        w.Write(d.UnderSymbol);
        w.Write(d.UnderSecType);
        w.Write(d.MarketRuleIds);
        w.Write(d.RealExpirationDate);
        w.Write(d.StockType);
        w.Write(d.MinSize);
        w.Write(d.SizeIncrement);
        w.Write(d.SuggestedSizeIncrement);
    }

    public static ContractData Read(ref FieldReader r)
    {
        var reqId = r.ReadInt();
        var symbol = r.ReadString();
        var secType = r.ReadString();
        var lastTrade = r.ReadString();
        var strike = r.ReadDouble();
        var right = r.ReadString();
        var exchange = r.ReadString();
        var currency = r.ReadString();
        var localSymbol = r.ReadString();
        var marketName = r.ReadString();
        var tradingClass = r.ReadString();
        var conId = r.ReadInt();
        var minTick = r.ReadDouble();
        var multiplier = r.ReadString();
        var d = new ContractDetails
        {
            MarketName = marketName,
            MinTick = minTick,
            OrderTypes = r.ReadString(),
            ValidExchanges = r.ReadString(),
            PriceMagnifier = r.ReadInt(),
            UnderConId = r.ReadInt(),
            LongName = UnicodeEscapes.Decode(r.ReadString()),
        };
        var primaryExchange = r.ReadString();
        d = d with
        {
            Contract = new Contract
            {
                ConId = conId, Symbol = symbol, SecType = secType, LastTradeDateOrContractMonth = lastTrade,
                Strike = strike, Right = right, Multiplier = multiplier, Exchange = exchange,
                PrimaryExchange = primaryExchange, Currency = currency, LocalSymbol = localSymbol,
                TradingClass = tradingClass,
            },
            ContractMonth = r.ReadString(),
            Industry = r.ReadString(),
            Category = r.ReadString(),
            Subcategory = r.ReadString(),
            TimeZoneId = r.ReadString(),
            TradingHours = r.ReadString(),
            LiquidHours = r.ReadString(),
            EvRule = r.ReadString(),
            EvMultiplier = r.ReadDouble(),
            SecIdList = TagValue.ReadCounted(ref r),
            AggGroup = r.ReadInt(),
            UnderSymbol = r.ReadString(),
            UnderSecType = r.ReadString(),
            MarketRuleIds = r.ReadString(),
            RealExpirationDate = r.ReadString(),
            StockType = r.ReadString(),
            MinSize = r.ReadDecimal(),
            SizeIncrement = r.ReadDecimal(),
            SuggestedSizeIncrement = r.ReadDecimal(),
        };
        return new ContractData(reqId, d);
    }
}

/// <summary>contractDataEnd (52): ver 1, reqId.</summary>
public sealed record ContractDataEnd(int ReqId) : IRequestReply, IReadable<ContractDataEnd>
{
    public void Write(FieldWriter w)
    {
        w.Write(ReplyIds.ContractDataEnd);
        w.Write(1);
        w.Write(ReqId);
    }

    public static ContractDataEnd Read(ref FieldReader r)
    {
        r.Skip();
        return new ContractDataEnd(r.ReadInt());
    }
}

/// <summary>
/// securityDefinitionOptionParameter (75), no ver: reqId, exchange, underlyingConId, tradingClass,
/// multiplier, expCount + expirations, strikeCount + strikes. One per exchange/tradingClass.
/// </summary>
public sealed record SecDefOptParameter(
    int ReqId,
    string Exchange,
    int UnderlyingConId,
    string TradingClass,
    string Multiplier,
    EquatableList<string> Expirations,
    EquatableList<double> Strikes) : IRequestReply, IReadable<SecDefOptParameter>
{
    public void Write(FieldWriter w)
    {
        w.Write(ReplyIds.SecDefOptParameter);
        w.Write(ReqId);
        w.Write(Exchange);
        w.Write(UnderlyingConId);
        w.Write(TradingClass);
        w.Write(Multiplier);
        w.Write(Expirations.Count);
        foreach (var e in Expirations)
        {
            w.Write(e);
        }

        w.Write(Strikes.Count);
        foreach (var s in Strikes)
        {
            w.Write(s);
        }
    }

    public static SecDefOptParameter Read(ref FieldReader r)
    {
        var reqId = r.ReadInt();
        var exchange = r.ReadString();
        var conId = r.ReadInt();
        var tradingClass = r.ReadString();
        var multiplier = r.ReadString();
        var expirations = new string[r.ReadCount()];
        for (var i = 0; i < expirations.Length; i++)
        {
            expirations[i] = r.ReadString();
        }

        var strikes = new double[r.ReadCount()];
        for (var i = 0; i < strikes.Length; i++)
        {
            strikes[i] = r.ReadDouble();
        }

        return new SecDefOptParameter(reqId, exchange, conId, tradingClass, multiplier, expirations, strikes);
    }
}

/// <summary>securityDefinitionOptionParameterEnd (76), no ver: reqId.</summary>
public sealed record SecDefOptParameterEnd(int ReqId) : IRequestReply, IReadable<SecDefOptParameterEnd>
{
    public void Write(FieldWriter w)
    {
        w.Write(ReplyIds.SecDefOptParameterEnd);
        w.Write(ReqId);
    }

    public static SecDefOptParameterEnd Read(ref FieldReader r) => new(r.ReadInt());
}
