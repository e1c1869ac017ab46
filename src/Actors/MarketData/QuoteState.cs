using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Replies;

namespace WheelStrat.Actors.MarketData;

/// <summary>
/// The running state of one market-data line. Delayed tick ids (66+, 80-83) map onto the same fields
/// as live ones, so callers see one shape whatever IB is allowed to send.
/// </summary>
internal sealed class QuoteState(string key, bool isOption)
{
    private readonly List<string> _notices = [];
    private double? _bid, _ask, _last, _close, _open, _high, _low, _hv, _iv;
    private decimal? _bidSize, _askSize, _lastSize, _volume, _oi, _callOi, _putOi, _callVol, _putVol;
    private Greeks? _greeks;
    private int _marketDataType = 1;

    public int ConId { get; set; }

    public DateTimeOffset? AsOf { get; private set; }

    /// <summary>Stocks need a two-sided quote; options also need greeks, which IB computes a little later.</summary>
    public bool IsComplete => (_bid is not null && _ask is not null || _last is not null) && (!isOption || _greeks?.Delta is not null);

    public void Apply(ITwsReply tick, DateTimeOffset now)
    {
        switch (tick)
        {
            case TickPrice p:
                SetPrice(p.TickType, p.Price);
                // IB's clients derive the size tick from a price tick's size field (1→0, 2→3, 4→5, 66→69, ...).
                if (p.Size is { } size && p.TickType is 1 or 2 or 4 or 66 or 67 or 68)
                {
                    SetSize(p.TickType switch { 1 => 0, 2 => 3, 4 => 5, 66 => 69, 67 => 70, _ => 71 }, size);
                }

                break;
            case TickSize s:
                SetSize(s.TickType, s.Size);
                break;
            case TickGeneric g when g.TickType == 23:
                _hv = g.Value;
                break;
            case TickGeneric g when g.TickType == 24:
                _iv = g.Value;
                break;
            case TickOptionComputation c:
                SetGreeks(c);
                break;
            case MarketDataType t:
                _marketDataType = t.Type;
                break;
            default:
                return;
        }

        AsOf = now;
    }

    public void Note(string notice)
    {
        if (!_notices.Contains(notice))
        {
            _notices.Add(notice);
        }
    }

    public QuoteSnapshot Snapshot() => new()
    {
        Key = key,
        ConId = ConId,
        Bid = _bid,
        Ask = _ask,
        Last = _last,
        Close = _close,
        Open = _open,
        High = _high,
        Low = _low,
        BidSize = _bidSize,
        AskSize = _askSize,
        LastSize = _lastSize,
        Volume = _volume,
        OpenInterest = _oi,
        CallOpenInterest = _callOi,
        PutOpenInterest = _putOi,
        CallVolume = _callVol,
        PutVolume = _putVol,
        HistoricalVolatility = _hv,
        ImpliedVolatility = _iv,
        Greeks = _greeks,
        MarketDataType = _marketDataType switch { 2 => "frozen", 3 => "delayed", 4 => "delayed-frozen", _ => "live" },
        AsOf = AsOf,
        Complete = IsComplete,
        Missing = Missing(),
        Notices = [.. _notices],
    };

    private List<string> Missing()
    {
        var missing = new List<string>(4);
        if (_bid is null)
        {
            missing.Add("bid");
        }

        if (_ask is null)
        {
            missing.Add("ask");
        }

        if (_last is null)
        {
            missing.Add("last");
        }

        if (isOption && _greeks?.Delta is null)
        {
            missing.Add("greeks");
        }

        return missing;
    }

    private void SetPrice(int tickType, double price)
    {
        // IB sends -1 (or 0 for some) when there is no price on that side.
        double? value = price > 0 ? price : null;
        switch (tickType)
        {
            case 1 or 66: _bid = value; break;
            case 2 or 67: _ask = value; break;
            case 4 or 68: _last = value; break;
            case 6 or 72: _high = value; break;
            case 7 or 73: _low = value; break;
            case 9 or 75: _close = value; break;
            case 14 or 76: _open = value; break;
        }
    }

    private void SetSize(int tickType, decimal? size)
    {
        switch (tickType)
        {
            case 0 or 69: _bidSize = size; break;
            case 3 or 70: _askSize = size; break;
            case 5 or 71: _lastSize = size; break;
            case 8 or 74: _volume = size; break;
            case 22: _oi = size; break;
            // For an option, IB reports its own open interest on the call or put tick.
            case 27: _callOi = size; if (isOption) { _oi = size; } break;
            case 28: _putOi = size; if (isOption) { _oi = size; } break;
            case 29: _callVol = size; break;
            case 30: _putVol = size; break;
        }
    }

    private void SetGreeks(TickOptionComputation c)
    {
        var source = c.TickType switch
        {
            10 or 80 => "bid",
            11 or 81 => "ask",
            12 or 82 => "last",
            13 or 83 => "model",
            _ => null,
        };
        if (source is null || (_greeks?.Source == "model" && source != "model"))
        {
            return;
        }

        _greeks = new Greeks(c.Delta, c.Gamma, c.Vega, c.Theta, c.ImpliedVol, c.UndPrice, c.OptPrice, source);
    }
}
