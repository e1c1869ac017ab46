using System.Globalization;
using WheelStrat.Simulator.Faults;
using WheelStrat.Simulator.History;
using WheelStrat.Simulator.Market;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Replies;
using WheelStrat.Tws.Messages.Requests;

namespace WheelStrat.Simulator.Server;

public sealed partial class PaperGateway
{
    private const string NoDefinition = "No security definition has been found for the request";

    /// <summary>The stock or listed option a contract names (by conId, or by its fields).</summary>
    private (Underlying? Stock, OptionSeries? Option) Resolve(Contract c)
    {
        if (c.ConId != 0)
        {
            if (_market.Universe.ByConId(c.ConId) is { } byId)
            {
                return (byId, null);
            }

            if (_optionsByConId.TryGetValue(c.ConId, out var opt))
            {
                return (null, opt);
            }
        }

        switch (c.SecType)
        {
            case "STK" when _market.Universe.BySymbol(c.Symbol) is { } stock:
                return (stock, null);
            case "OPT":
                var expiration = c.LastTradeDateOrContractMonth.Length >= 8 ? c.LastTradeDateOrContractMonth[..8] : c.LastTradeDateOrContractMonth;
                if (_market.Universe.Option(c.Symbol, expiration, c.Strike, c.Right switch { "CALL" => "C", "PUT" => "P", var r => r }, _market.Today) is { } option)
                {
                    _optionsByConId[option.ConId] = option;
                    return (null, option);
                }

                break;
        }

        return (null, null);
    }

    private static Contract ContractOf(Underlying u, string exchange = "SMART") => new()
    {
        ConId = u.ConId, Symbol = u.Symbol, SecType = "STK", Exchange = exchange, PrimaryExchange = u.PrimaryExchange,
        Currency = "USD", LocalSymbol = u.Symbol, TradingClass = u.Symbol == "SPY" || u.Symbol == "QQQ" ? u.Symbol : "NMS",
    };

    private static Contract ContractOf(OptionSeries o, string exchange = "SMART") => new()
    {
        ConId = o.ConId, Symbol = o.Underlying.Symbol, SecType = "OPT", LastTradeDateOrContractMonth = o.Expiration,
        Strike = o.Strike, Right = o.Right, Multiplier = "100", Exchange = exchange, Currency = "USD",
        LocalSymbol = o.LocalSymbol, TradingClass = o.Underlying.Symbol,
    };

    /// <summary>Every simulated stock and option class is a penny class (options step to nickels from $3).</summary>
    private const double MinTick = 0.01;

    private void ContractDetailsFor(SimSession s, ReqContractDetails d)
    {
        var exchange = string.IsNullOrEmpty(d.Contract.Exchange) ? "SMART" : d.Contract.Exchange;
        if (IsIncompleteOption(d.Contract))
        {
            OptionChainDetails(s, d, exchange);
            return;
        }

        var (stock, option) = Resolve(d.Contract);
        if (stock is null && option is null)
        {
            s.Send(new ErrMsg(d.ReqId, 200, NoDefinition));
            return;
        }

        s.Send(new ContractData(d.ReqId, stock is not null ? StockDetails(stock, exchange) : OptionDetails(option!, exchange, Hours("0930", "1600"))));
        s.Send(new ContractDataEnd(d.ReqId));
    }

    /// <summary>An option with no conId and a blank expiration, strike or right: IB answers it with every contract it matches.</summary>
    private static bool IsIncompleteOption(Contract c) =>
        c.ConId == 0 && c.SecType == "OPT" && (c.LastTradeDateOrContractMonth.Length < 8 || c.Strike == 0 || c.Right.Length == 0);

    /// <summary>One contractData per matching option, then contractDataEnd; 200 when nothing matches.</summary>
    private void OptionChainDetails(SimSession s, ReqContractDetails d, string exchange)
    {
        var right = d.Contract.Right switch { "CALL" => "C", "PUT" => "P", var r => r };
        var matches = _market.Universe.Options(d.Contract.Symbol, d.Contract.LastTradeDateOrContractMonth, d.Contract.Strike, right, _market.Today);
        if (matches.Count == 0)
        {
            s.Send(new ErrMsg(d.ReqId, 200, NoDefinition));
            return;
        }

        var hours = Hours("0930", "1600");
        foreach (var option in matches)
        {
            _optionsByConId[option.ConId] = option;
            s.Send(new ContractData(d.ReqId, OptionDetails(option, exchange, hours)));
        }

        s.Send(new ContractDataEnd(d.ReqId));
    }

    private ContractDetails StockDetails(Underlying stock, string exchange) => new()
    {
        Contract = ContractOf(stock, exchange), MarketName = "NMS", MinTick = MinTick, OrderTypes = "ACTIVETIM,AD,ADJUST,ALERT,ALGO,ALLOC,LMT,MKT,MOC,STP,STPLMT,TRAIL",
        ValidExchanges = "SMART,AMEX,NYSE,CBOE,ARCA,ISLAND,IEX", PriceMagnifier = 1, LongName = stock.LongName,
        Industry = stock.Industry, Category = stock.Industry, Subcategory = stock.Industry, TimeZoneId = "US/Eastern",
        TradingHours = Hours("0400", "2000"), LiquidHours = Hours("0930", "1600"), AggGroup = 1,
        SecIdList = [new TagValue("ISIN", "US" + stock.ConId.ToString("000000000", CultureInfo.InvariantCulture) + "0")],
        MarketRuleIds = "26,26,26,26,26,26,26", StockType = stock.Industry == "Funds" ? "ETF" : "COMMON",
        MinSize = 1, SizeIncrement = 1, SuggestedSizeIncrement = 100,
    };

    private static ContractDetails OptionDetails(OptionSeries option, string exchange, string hours) => new()
    {
        Contract = ContractOf(option, exchange), MarketName = option.Underlying.Symbol, MinTick = MinTick,
        OrderTypes = "ACTIVETIM,AD,ADJUST,ALERT,ALLOC,LMT,MKT,STP,STPLMT", ValidExchanges = "SMART,AMEX,BOX,CBOE,ISE,PHLX,PSE",
        PriceMagnifier = 1, UnderConId = option.Underlying.ConId, LongName = option.Underlying.LongName,
        ContractMonth = option.Expiration[..6], Industry = option.Underlying.Industry, Category = option.Underlying.Industry,
        Subcategory = option.Underlying.Industry, TimeZoneId = "US/Eastern", TradingHours = hours,
        LiquidHours = hours, AggGroup = 2, UnderSymbol = option.Underlying.Symbol, UnderSecType = "STK",
        MarketRuleIds = "32,109,109,109,109,109,109", RealExpirationDate = option.Expiration,
        MinSize = 1, SizeIncrement = 1, SuggestedSizeIncrement = 1,
    };

    private string Hours(string open, string close)
    {
        var today = _market.Today;
        return string.Join(';', Enumerable.Range(0, 3).Select(i => today.AddDays(i)).Select(d =>
        {
            var day = d.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            return d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? $"{day}:CLOSED" : $"{day}:{open}-{day}:{close}";
        }));
    }

    private void OptionParameters(SimSession s, ReqSecDefOptParams p)
    {
        var u = _market.Universe.BySymbol(p.UnderlyingSymbol);
        if (u is null || (p.UnderlyingConId != 0 && p.UnderlyingConId != u.ConId))
        {
            s.Send(new ErrMsg(p.ReqId, 200, NoDefinition));
            return;
        }

        var expirations = Universe.Expirations(_market.Today);
        var strikes = Universe.Strikes(u);
        foreach (var exchange in new[] { "SMART", "CBOE" })
        {
            s.Send(new SecDefOptParameter(p.ReqId, exchange, u.ConId, u.Symbol, "100", [.. expirations], [.. strikes]));
        }

        s.Send(new SecDefOptParameterEnd(p.ReqId));
    }

    private void Subscribe(SimSession s, ReqMktData m)
    {
        var (stock, option) = Resolve(m.Contract);
        if (stock is null && option is null)
        {
            s.Send(new ErrMsg(m.ReqId, 200, NoDefinition));
            return;
        }

        var conId = stock?.ConId ?? option!.ConId;
        s.Send(new TickReqParams(m.ReqId, 0.01, "a6", 3));
        var refused = !_options.LiveData && s.MarketDataType is 1 or 2;
        if (refused || Faults.RepeatDelayedDataNotice)
        {
            // With the repeat fault the notice comes with every request, whatever type the session asked for.
            s.Send(new ErrMsg(m.ReqId, 10089, $"Requested market data requires additional subscription for API. See link in 'Market Data Connections' dialog for more details.Delayed market data is available.{m.Contract.Symbol} NASDAQ.NMS/TOP/ALL"));
        }

        if (refused)
        {
            return;
        }

        // With a live subscription IB sends live data whatever type was asked for.
        var type = _options.LiveData ? 1 : s.MarketDataType;
        s.Send(new MarketDataType(m.ReqId, type));
        if (type is 3 or 4)
        {
            s.Send(new ErrMsg(m.ReqId, 10167, "Requested market data is not subscribed. Displaying delayed market data."));
        }

        if (!m.Snapshot)
        {
            s.Subscriptions[m.ReqId] = conId;
        }

        if (Faults.CompetingSession)
        {
            s.Send(CompetingSessionNotice(m.ReqId));
            return;
        }

        // IB takes the request while the line's farm is down; the ticks come once the line is requested after it returns.
        if (!IsStreaming(conId))
        {
            return;
        }

        SendTicks(s, m.ReqId, conId, initial: true, m.GenericTickList);
        if (m.Snapshot)
        {
            s.Send(new TickSnapshotEnd(m.ReqId));
        }
    }

    private static ErrMsg CompetingSessionNotice(int reqId) => new(reqId, 10197, "No market data during competing live session");

    /// <summary>Stocks stream from usfarm, options from usopt.</summary>
    private DataFarm FarmOf(int conId) => _market.Universe.ByConId(conId) is not null ? DataFarm.UsFarm : DataFarm.UsOpt;

    /// <summary>A line ticks unless its farm is down or a competing session holds the account's data.</summary>
    private bool IsStreaming(int conId) => !Faults.CompetingSession && !Faults.IsFarmDown(FarmOf(conId));

    /// <summary>Ticks as IB sends them; delayed types use the 66+ price/size ids and 80-83 for greeks.</summary>
    private void SendTicks(SimSession s, int reqId, int conId, bool initial, string genericTicks = "")
    {
        var delayed = !_options.LiveData && s.MarketDataType is 3 or 4;
        int Id(int live, int late) => delayed ? late : live;
        var stock = _market.Universe.ByConId(conId);
        var option = stock is null ? _optionsByConId.GetValueOrDefault(conId) : null;
        if (stock is null && option is null)
        {
            return;
        }

        var oq = option is not null ? _market.OptionQuote(option) : null;
        var q = oq?.Quote ?? _market.StockQuote(stock!);
        var noBid = oq is not null && IsWithoutBid(option!, oq.UnderlyingPrice);
        s.Send(noBid ? new TickPrice(reqId, Id(1, 66), -1, 0, 0) : new TickPrice(reqId, Id(1, 66), q.Bid, q.BidSize, 1));
        s.Send(new TickPrice(reqId, Id(2, 67), q.Ask, q.AskSize, 1));
        if (!noBid)
        {
            // A deep OTM option without a bid has not traded either: IB sends no last at all.
            s.Send(new TickPrice(reqId, Id(4, 68), q.Last, q.LastSize, 0));
        }

        s.Send(new TickSize(reqId, Id(8, 74), q.Volume));
        if (initial)
        {
            s.Send(new TickPrice(reqId, Id(6, 72), q.High, 0, 0));
            s.Send(new TickPrice(reqId, Id(7, 73), q.Low, 0, 0));
            s.Send(new TickPrice(reqId, Id(9, 75), q.Close, 0, 0));
            s.Send(new TickPrice(reqId, Id(14, 76), q.Open, 0, 0));
            s.Send(new TickString(reqId, Id(45, 88), _clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        }

        var generic = genericTicks.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var u = stock ?? option!.Underlying;
        if (initial && generic.Contains("100"))
        {
            s.Send(new TickSize(reqId, 29, 15_000 + (u.ConId % 5000)));
            s.Send(new TickSize(reqId, 30, 12_000 + (u.ConId % 4000)));
        }

        if (initial && generic.Contains("101"))
        {
            // On an option, IB reports its own open interest on the call or put tick.
            var oi = oq?.OpenInterest ?? 250_000 + (u.ConId % 50_000);
            s.Send(new TickSize(reqId, option?.Right == "P" ? 28 : 27, oi));
            if (option is null)
            {
                s.Send(new TickSize(reqId, 28, 200_000 + (u.ConId % 40_000)));
            }
        }

        if (initial && generic.Contains("104"))
        {
            s.Send(new TickGeneric(reqId, 23, u.Volatility * 0.9));
        }

        if (initial && generic.Contains("106"))
        {
            s.Send(new TickGeneric(reqId, 24, u.Volatility));
        }

        if (oq is not null)
        {
            var m = oq.Model;
            foreach (var (live, late, price) in new[] { (10, 80, q.Bid), (11, 81, q.Ask), (12, 82, q.Last), (13, 83, m.Price) })
            {
                if (noBid && live is 10 or 12)
                {
                    continue;
                }

                s.Send(new TickOptionComputation(reqId, Id(live, late), 1, oq.ImpliedVol, m.Delta, Math.Round(price, 4), 0, m.Gamma, m.Vega, m.Theta, oq.UnderlyingPrice));
            }
        }
    }

    /// <summary>Deep out of the money by <see cref="FaultSwitches.NoBidBeyondOtmPct"/>: nobody bids for it.</summary>
    private bool IsWithoutBid(OptionSeries o, double spot)
    {
        var pct = Faults.NoBidBeyondOtmPct;
        var otm = o.Right == "C" ? (o.Strike - spot) / spot : (spot - o.Strike) / spot;
        return pct > 0 && otm * 100 > pct;
    }

    private void Historical(SimSession s, ReqHistoricalData h)
    {
        if (Faults.IsFarmDown(DataFarm.UsHmds))
        {
            // IB takes the request and never answers it: the caller's deadline is all it has.
            s.UnansweredHistory.Add(h.ReqId);
            return;
        }

        var (stock, option) = Resolve(h.Contract);
        if (stock is null && option is null)
        {
            s.Send(new ErrMsg(h.ReqId, 200, NoDefinition));
            return;
        }

        var conId = stock?.ConId ?? option!.ConId;
        var identity = $"{conId}|{h.EndDateTime}|{h.DurationStr}|{h.BarSizeSetting}|{h.WhatToShow}|{h.UseRth}";
        var contractKey = $"{conId}|{h.Contract.Exchange}|{h.WhatToShow}";
        var paced = _options.EnforcePacing && _pacing.IsViolation(identity, contractKey, _clock.GetUtcNow());
        if (Faults.TakePacingViolation() || paced)
        {
            s.Send(new ErrMsg(h.ReqId, 162, "Historical Market Data Service error message:Historical data request pacing violation"));
            return;
        }

        if (h.WhatToShow is not ("MIDPOINT" or "BID_ASK" or "TRADES" or "BID" or "ASK"))
        {
            s.Send(new ErrMsg(h.ReqId, 321, $"Error validating request.-'bP' : cause - Invalid whatToShow: {h.WhatToShow}"));
            return;
        }

        var u = stock ?? option!.Underlying;
        var request = new BarGenerator.Request(u.StartPrice, u.Volatility, option, h.WhatToShow, h.UseRth, h.FormatDate);
        var (data, error) = BarGenerator.Generate(h.ReqId, request, h.EndDateTime, h.DurationStr, h.BarSizeSetting, _clock.GetUtcNow(), _options.Seed, conId);
        s.Send(data is not null ? data : new ErrMsg(h.ReqId, 162, error!));
    }
}
