using System.Globalization;
using WheelStrat.Simulator.Market;
using WheelStrat.Simulator.Trading;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Replies;
using WheelStrat.Tws.Messages.Requests;

namespace WheelStrat.Simulator.Server;

public sealed partial class PaperGateway
{
    private const string MarginReason =
        "YOUR ORDER IS NOT ACCEPTED. IN ORDER TO OBTAIN THE DESIRED POSITION YOUR EQUITY WITH LOAN VALUE MUST EXCEED THE INITIAL MARGIN";

    private const string ReadOnlyMessage = "Error validating request.-'bN' : cause - The API interface is currently in Read-Only mode.";

    private readonly Dictionary<(int ClientId, int OrderId), SimOrder> _orders = [];
    private readonly Dictionary<int, int> _maxOrderIdByClient = [];
    private readonly List<(ExecDetails Exec, CommissionReport Commission, int ClientId)> _executions = [];
    private readonly Dictionary<int, (Contract Contract, decimal Position, double AvgCost)> _positions = [];
    private readonly List<(int ClientId, CommissionReport Report)> _heldCommissions = [];
    private readonly List<SimOrder> _completed = [];
    private decimal _cash;
    // IB's execIds and permIds never repeat, across gateway restarts too: each run draws its own range, so a
    // journal kept across simulator runs never meets an old id again (the market stays seeded; ids are not market).
    private readonly string _execPrefix = Random.Shared.Next().ToString("x8", CultureInfo.InvariantCulture);
    private long _nextPermId = 1_000_000_000L + (Random.Shared.Next(0, 1_000_000) * 1000L);
    private long _nextExec = 0x6540a1b2;
    private string? _lastExecId;

    /// <summary>Executions so far (for tests: "every simulator fill appears once").</summary>
    public IReadOnlyList<ExecDetails> Fills
    {
        get
        {
            lock (_gate)
            {
                return [.. _executions.Select(e => e.Exec)];
            }
        }
    }

    private int NextOrderId(int clientId) => _maxOrderIdByClient.GetValueOrDefault(clientId) + 1;

    private void Place(SimSession s, PlaceOrder p)
    {
        var clientId = s.ClientId!.Value;
        if (_options.ReadOnly)
        {
            s.Send(new ErrMsg(p.OrderId, 321, ReadOnlyMessage));
            return;
        }

        var (stock, option) = Resolve(p.Contract);
        if (stock is null && option is null)
        {
            s.Send(new ErrMsg(p.OrderId, 200, NoDefinition));
            return;
        }

        if (_orders.TryGetValue((clientId, p.OrderId), out var existing) && existing.IsOpen)
        {
            existing.Order = p.Order with { ClientId = clientId, PermId = existing.PermId };
            Report(s, existing);
            TryFill(existing);
            return;
        }

        if (p.OrderId <= _maxOrderIdByClient.GetValueOrDefault(clientId))
        {
            s.Send(new ErrMsg(p.OrderId, 103, "Duplicate order id"));
            return;
        }

        _maxOrderIdByClient[clientId] = p.OrderId;
        var contract = stock is not null ? ContractOf(stock) : ContractOf(option!);
        if (p.Order.OrderType is not ("LMT" or "MKT") || p.Order.TotalQuantity is not > 0
            || (p.Order.OrderType == "LMT" && p.Order.LmtPrice is not > 0))
        {
            Reject(s, p, contract, $"Unsupported order: {p.Order.OrderType} {p.Order.TotalQuantity} @ {p.Order.LmtPrice}", reportInactive: false);
            return;
        }

        if (p.Order.OrderType == "LMT" && !PriceIncrements.Conforms(contract.SecType, MinTick, (decimal)p.Order.LmtPrice!.Value))
        {
            // IB refuses an off-tick price outright: error 110, and the order never exists.
            s.Send(new ErrMsg(p.OrderId, PriceIncrements.NonConformingPrice, "The price does not conform to the minimum price variation for this contract."));
            return;
        }

        if (!p.Order.WhatIf && Faults.TakeMarginRejection())
        {
            Reject(s, p, contract, MarginReason, reportInactive: true);
            return;
        }

        var order = new SimOrder(clientId, p.OrderId, _nextPermId++, contract, p.Order with { ClientId = clientId });
        if (p.Order.WhatIf)
        {
            s.Send(new OpenOrder(p.OrderId, contract, order.Order with { PermId = order.PermId }, WhatIfState(order)));
            return;
        }

        _orders[(clientId, p.OrderId)] = order;
        order.Order = order.Order with { PermId = order.PermId };
        if (Faults.TakeStallAfterPlaceOrder())
        {
            Faults.Stalled = true;
            return;
        }

        if (Faults.TakeFillWhileDisconnected() is { } outage)
        {
            // IB took the order; the API client's connection dies before any status, the gateway refuses the
            // client for a while, and the order trades meanwhile. Nothing about it is pushed on reconnect:
            // only open/completed orders and executions, when asked, tell what happened.
            s.Close();
            Faults.RefuseUntil(_clock.GetUtcNow() + outage);
            var q = QuoteOf(order.Contract);
            Execute(order, order.Remaining, order.Order.LmtPrice ?? (order.Order.Action == "BUY" ? q.Ask : q.Bid));
            return;
        }

        if (Faults.TakeDropAfterPlaceOrder())
        {
            // The order is at the exchange; the client never hears about it on this connection.
            s.Close();
            TryFill(order);
            return;
        }

        Report(s, order);
        TryFill(order);
    }

    private void Cancel(SimSession s, CancelOrder c)
    {
        if (_options.ReadOnly)
        {
            s.Send(new ErrMsg(c.OrderId, 321, ReadOnlyMessage));
            return;
        }

        if (!_orders.TryGetValue((s.ClientId!.Value, c.OrderId), out var order))
        {
            s.Send(new ErrMsg(c.OrderId, 10147, $"OrderId {c.OrderId} that needs to be cancelled is not found."));
            return;
        }

        if (!order.IsOpen)
        {
            s.Send(new ErrMsg(c.OrderId, 10148, $"OrderId {c.OrderId} that needs to be cancelled cannot be cancelled, state: {order.Status}."));
            return;
        }

        Complete(order, "Cancelled", "Cancelled by the API client");
        Report(s, order);
        s.Send(new ErrMsg(c.OrderId, 202, "Order Canceled - reason:"));
    }

    /// <summary>
    /// The trader cancels a working order in TWS (or IB cancels it, as a DAY order at the close):
    /// the placing client hears orderStatus Cancelled and 202 if it is connected, and the order
    /// lists among the completed orders. Throws if no working order has that orderRef.
    /// </summary>
    public void CancelFromTws(string orderRef)
    {
        lock (_gate)
        {
            var order = WorkingOrder(orderRef);
            Complete(order, "Cancelled", "Cancelled by Trader");
            foreach (var s in SessionsFor(order.ClientId))
            {
                Report(s, order);
                s.Send(new ErrMsg(order.OrderId, 202, "Order Canceled - reason:"));
            }
        }
    }

    /// <summary>
    /// Part of a working order trades (the size at its limit ran out): one execution of
    /// <paramref name="quantity"/> at the limit (MKT: at the market); the rest keeps working.
    /// Throws if no working order has that orderRef.
    /// </summary>
    public void PartialFill(string orderRef, decimal quantity)
    {
        lock (_gate)
        {
            var order = WorkingOrder(orderRef);
            var q = QuoteOf(order.Contract);
            var price = order.Order.LmtPrice ?? (order.Order.Action == "BUY" ? q.Ask : q.Bid);
            Execute(order, Math.Min(quantity, order.Remaining), price);
        }
    }

    private SimOrder WorkingOrder(string orderRef) =>
        _orders.Values.FirstOrDefault(o => o.IsOpen && o.Order.OrderRef == orderRef)
            ?? throw new InvalidOperationException($"no working order with orderRef '{orderRef}'");

    /// <summary>
    /// IB takes the order and refuses it: error 201 says why. A refusal after IB's checks (margin)
    /// first reports the order Inactive, as IB does, so a client sees Inactive before it learns the reason.
    /// The order still ended at IB, so it lists among the day's completed orders as Inactive.
    /// </summary>
    private void Reject(SimSession s, PlaceOrder p, Contract contract, string reason, bool reportInactive)
    {
        var clientId = s.ClientId!.Value;
        var rejected = new SimOrder(clientId, p.OrderId, _nextPermId++, contract, p.Order with { ClientId = clientId });
        rejected.Order = rejected.Order with { PermId = rejected.PermId };
        if (reportInactive)
        {
            rejected.Status = "Inactive";
            Report(s, rejected);
        }

        s.Send(new ErrMsg(p.OrderId, 201, $"Order rejected - reason:{reason}"));
        if (!p.Order.WhatIf)
        {
            Complete(rejected, "Inactive", reason);
        }
    }

    /// <summary>The order reached a final state: Filled, Cancelled or Inactive (rejected).</summary>
    private void Complete(SimOrder order, string status, string completedStatus)
    {
        order.Status = status;
        order.CompletedTime = TimeZoneInfo.ConvertTime(_clock.GetUtcNow(), NewYork).ToString("yyyyMMdd HH:mm:ss", CultureInfo.InvariantCulture) + " US/Eastern";
        order.CompletedStatus = completedStatus;
        _completed.Add(order);
    }

    /// <summary>
    /// reqCompletedOrders: every order that ended this session, in the order they ended, then
    /// completedOrdersEnd. completedOrder carries no clientId, so every client's orders are listed;
    /// all of them came through the API, so apiOnly filters nothing.
    /// </summary>
    private void CompletedOrders(SimSession s)
    {
        foreach (var order in _completed)
        {
            s.Send(new CompletedOrder(order.Contract, order.Order with { FilledQuantity = order.Filled },
                new OrderState { Status = order.Status, CompletedTime = order.CompletedTime, CompletedStatus = order.CompletedStatus }));
        }

        s.Send(new CompletedOrdersEnd());
    }

    private void MatchRestingOrders()
    {
        foreach (var order in _orders.Values.Where(o => o.IsOpen).ToList())
        {
            TryFill(order);
        }
    }

    /// <summary>MKT fills at once; LMT when the market reaches it. Large orders fill in two parts when configured.</summary>
    private void TryFill(SimOrder order)
    {
        if (!order.IsOpen || order.Remaining <= 0)
        {
            return;
        }

        var q = QuoteOf(order.Contract);
        var buy = order.Order.Action == "BUY";
        var price = buy ? q.Ask : q.Bid;
        var limit = order.Order.LmtPrice;
        if (order.Order.OrderType == "LMT" && (buy ? limit < price : limit > price))
        {
            return;
        }

        var total = order.Order.TotalQuantity ?? 0;
        var first = total > _options.PartialFillAbove && order.Filled == 0 ? Math.Floor(total / 2) : order.Remaining;
        Execute(order, first, price);
        if (order.Remaining > 0 && order.Filled > 0)
        {
            Execute(order, order.Remaining, price);
        }
    }

    private Quote QuoteOf(Contract c) =>
        _optionsByConId.TryGetValue(c.ConId, out var o) ? _market.OptionQuote(o).Quote : _market.StockQuote(_market.Universe.ByConId(c.ConId)!);

    private void Execute(SimOrder order, decimal quantity, double price)
    {
        var isOption = order.Contract.SecType == "OPT";
        var value = (double)quantity * price * (isOption ? 100 : 1);
        var commission = isOption ? Commissions.Option(quantity) : Commissions.Stock(quantity, price);
        order.AvgFillPrice = ((order.AvgFillPrice * (double)order.Filled) + (price * (double)quantity)) / (double)(order.Filled + quantity);
        order.Filled += quantity;
        order.LastFillPrice = price;
        if (order.Remaining == 0)
        {
            Complete(order, "Filled", "Filled");
        }

        var buy = order.Order.Action == "BUY";
        _cash += (decimal)((buy ? -value : value) - commission);
        UpdatePosition(order.Contract, buy ? quantity : -quantity, price * (isOption ? 100 : 1));

        var execId = Faults.TakeReuseExecId() && _lastExecId is { } reused ? reused : NextExecId();
        _lastExecId = execId;
        var now = _clock.GetUtcNow();
        var exec = new Execution
        {
            OrderId = order.OrderId, ExecId = execId, Time = TimeZoneInfo.ConvertTime(now, NewYork).ToString("yyyyMMdd HH:mm:ss", CultureInfo.InvariantCulture) + " US/Eastern",
            AcctNumber = _options.Account, Exchange = isOption ? "CBOE" : "ISLAND", Side = buy ? "BOT" : "SLD", Shares = quantity,
            Price = price, PermId = order.PermId, ClientId = order.ClientId, CumQty = order.Filled, AvgPrice = Math.Round(order.AvgFillPrice, 6),
            OrderRef = order.Order.OrderRef, LastLiquidity = 2,
        };
        var report = new CommissionReport(execId, commission, "USD", null, null, 0);
        _executions.Add((new ExecDetails(-1, order.Contract, exec), report, order.ClientId));

        foreach (var s in SessionsFor(order.ClientId))
        {
            s.Send(new ExecDetails(-1, order.Contract, exec));
            if (!Faults.OmitOrderStatusOnFills)
            {
                Report(s, order);
            }

            if (!Faults.HoldCommissionReports)
            {
                s.Send(report);
            }
        }

        if (Faults.HoldCommissionReports)
        {
            _heldCommissions.Add((order.ClientId, report));
        }

        var (_, position, avgCost) = _positions[order.Contract.ConId];
        foreach (var s in _sessions.Where(s => s.IsOpen && s.PositionsSubscribed))
        {
            s.Send(new Position(_options.Account, order.Contract, position, Math.Round(avgCost, 6)));
        }
    }

    private string NextExecId() => $"{_execPrefix}.{_nextExec++:x8}.01.01";

    /// <summary>Adds <paramref name="count"/> past executions of another client (benchmarks: a big reqExecutions answer).</summary>
    public void SeedExecutions(int count)
    {
        lock (_gate)
        {
            var contract = ContractOf(_market.Universe.BySymbol("SPY")!);
            for (var i = 0; i < count; i++)
            {
                var execId = NextExecId();
                var exec = new Execution
                {
                    OrderId = 1_000_000 + i, ExecId = execId, Time = TimeZoneInfo.ConvertTime(_clock.GetUtcNow().AddSeconds(-i), NewYork).ToString("yyyyMMdd HH:mm:ss", CultureInfo.InvariantCulture) + " US/Eastern",
                    AcctNumber = _options.Account, Exchange = "ARCA", Side = i % 2 == 0 ? "BOT" : "SLD", Shares = 1, Price = 600, PermId = _nextPermId++,
                    ClientId = 99, CumQty = 1, AvgPrice = 600, OrderRef = $"seed-{i}",
                };
                _executions.Add((new ExecDetails(-1, contract, exec), new CommissionReport(execId, 1.0, "USD", null, null, 0), 99));
            }
        }
    }

    /// <summary>Sends the commission reports held back by <see cref="FaultSwitches.HoldCommissionReports"/>.</summary>
    public void ReleaseCommissionReports()
    {
        lock (_gate)
        {
            foreach (var (clientId, report) in _heldCommissions)
            {
                foreach (var s in SessionsFor(clientId))
                {
                    s.Send(report);
                }
            }

            _heldCommissions.Clear();
        }
    }

    /// <summary>
    /// IB's execution correction: the same execution again under the next revision ("….01.02") with a
    /// corrected price, replacing the original in later reqExecutions answers.
    /// </summary>
    public ExecDetails CorrectExecution(string execId, double price)
    {
        lock (_gate)
        {
            var i = _executions.FindIndex(e => e.Exec.Execution.ExecId == execId);
            var (exec, commission, clientId) = _executions[i];
            var dot = execId.LastIndexOf('.');
            var revision = int.Parse(execId[(dot + 1)..], CultureInfo.InvariantCulture) + 1;
            var corrected = exec with { Execution = exec.Execution with { ExecId = $"{execId[..dot]}.{revision:00}", Price = price, AvgPrice = price } };
            var report = commission with { ExecId = corrected.Execution.ExecId };
            _executions[i] = (corrected, report, clientId);
            foreach (var s in SessionsFor(clientId))
            {
                s.Send(corrected);
                s.Send(report);
            }

            return corrected;
        }
    }

    private void UpdatePosition(Contract contract, decimal delta, double costPerUnit)
    {
        var (_, position, avg) = _positions.GetValueOrDefault(contract.ConId, (contract, 0m, 0.0));
        var next = position + delta;
        var nextAvg = next == 0 ? 0 : Math.Sign(next) == Math.Sign(delta) && Math.Abs(next) > Math.Abs(position)
            ? ((avg * (double)Math.Abs(position)) + (costPerUnit * (double)Math.Abs(delta))) / (double)Math.Abs(next)
            : avg;
        _positions[contract.ConId] = (contract, next, nextAvg);
    }

    /// <summary>The placing client, and client 0 (which sees everything at IB).</summary>
    private IEnumerable<SimSession> SessionsFor(int clientId) =>
        _sessions.Where(s => s.IsOpen && (s.ClientId == clientId || s.ClientId == 0)).ToList();

    private void Report(SimSession s, SimOrder order)
    {
        s.Send(new OpenOrder(order.OrderId, order.Contract, order.Order, new OrderState { Status = order.Status, CommissionCurrency = "USD" }));
        s.Send(new OrderStatus(order.OrderId, order.Status, order.Filled, order.Remaining, Math.Round(order.AvgFillPrice, 6),
            order.PermId, 0, order.LastFillPrice, order.ClientId, "", 0));
    }

    private OrderState WhatIfState(SimOrder order)
    {
        var q = QuoteOf(order.Contract);
        var multiplier = order.Contract.SecType == "OPT" ? 100 : 1;
        var value = (double)(order.Order.TotalQuantity ?? 0) * (order.Order.LmtPrice ?? q.Ask) * multiplier;
        var margin = Math.Round(order.Contract.SecType == "OPT" && order.Order.Action == "SELL" ? order.Contract.Strike * 100 * 0.2 * (double)(order.Order.TotalQuantity ?? 0) : value * 0.25, 2);
        string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
        var commission = order.Contract.SecType == "OPT" ? Commissions.Option(order.Order.TotalQuantity ?? 0) : Commissions.Stock(order.Order.TotalQuantity ?? 0, q.Ask);
        return new OrderState
        {
            Status = "PreSubmitted", InitMarginBefore = "0", MaintMarginBefore = "0", EquityWithLoanBefore = F((double)_cash),
            InitMarginChange = F(margin), MaintMarginChange = F(margin * 0.8), EquityWithLoanChange = "0",
            InitMarginAfter = F(margin), MaintMarginAfter = F(margin * 0.8), EquityWithLoanAfter = F((double)_cash),
            Commission = commission, MinCommission = commission, MaxCommission = commission, CommissionCurrency = "USD",
        };
    }

    private void OpenOrders(SimSession s, bool all)
    {
        foreach (var order in _orders.Values.Where(o => o.IsOpen && (all || o.ClientId == s.ClientId)))
        {
            s.Send(new OpenOrder(order.OrderId, order.Contract, order.Order, new OrderState { Status = order.Status }));
            s.Send(new OrderStatus(order.OrderId, order.Status, order.Filled, order.Remaining, order.AvgFillPrice, order.PermId, 0, order.LastFillPrice, order.ClientId, "", 0));
        }

        s.Send(new OpenOrderEnd());
    }

    private void Executions(SimSession s, ReqExecutions r)
    {
        var f = r.Filter;
        var since = ParseFilterTime(f.Time);
        foreach (var (exec, commission, clientId) in _executions)
        {
            var e = exec.Execution;
            var matches = (f.ClientId == 0 || f.ClientId == clientId)
                && (f.AcctCode.Length == 0 || f.AcctCode == e.AcctNumber)
                && (f.Symbol.Length == 0 || f.Symbol == exec.Contract.Symbol)
                && (f.SecType.Length == 0 || f.SecType == exec.Contract.SecType)
                && (f.Exchange.Length == 0 || f.Exchange == e.Exchange)
                && (f.Side.Length == 0 || (f.Side == "BUY" ? "BOT" : "SLD") == e.Side)
                && (since is null || ExecTime(e) >= since);
            if (matches)
            {
                s.Send(exec with { ReqId = r.ReqId });
                // A report IB has not sent yet (held back) is not in its reqExecutions answer either.
                if (!_heldCommissions.Any(h => h.Report.ExecId == commission.ExecId))
                {
                    s.Send(commission);
                }
            }
        }

        s.Send(new ExecDetailsEnd(r.ReqId));
    }

    private static DateTimeOffset? ParseFilterTime(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (DateTime.TryParseExact(text, "yyyyMMdd-HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var utc))
        {
            return new DateTimeOffset(utc, TimeSpan.Zero);
        }

        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && DateTime.TryParseExact($"{parts[0]} {parts[1]}", "yyyyMMdd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, NewYork.GetUtcOffset(local))
            : null;
    }

    private static DateTimeOffset ExecTime(Execution e)
    {
        var parts = e.Time.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var local = DateTime.ParseExact($"{parts[0]} {parts[1]}", "yyyyMMdd HH:mm:ss", CultureInfo.InvariantCulture);
        return new DateTimeOffset(local, NewYork.GetUtcOffset(local));
    }

    private void Positions(SimSession s)
    {
        s.PositionsSubscribed = true;
        foreach (var (contract, position, avg) in _positions.Values.Where(p => p.Position != 0))
        {
            s.Send(new Position(_options.Account, contract with { PrimaryExchange = "" }, position, Math.Round(avg, 6)));
        }

        s.Send(new PositionEnd());
    }

    private IReadOnlyList<(string Tag, double Value)> AccountValues()
    {
        var positionsValue = _positions.Values.Sum(p => (double)p.Position * MarkOf(p.Contract));
        var net = (double)_cash + positionsValue;
        var gross = _positions.Values.Sum(p => Math.Abs((double)p.Position * MarkOf(p.Contract)));
        var margin = gross * 0.25;
        return
        [
            ("NetLiquidation", net), ("TotalCashValue", (double)_cash), ("GrossPositionValue", gross),
            ("InitMarginReq", margin), ("MaintMarginReq", margin * 0.8), ("AvailableFunds", net - margin),
            ("ExcessLiquidity", net - (margin * 0.8)), ("BuyingPower", (net - margin) * 4),
        ];
    }

    private double MarkOf(Contract c)
    {
        var q = QuoteOf(c);
        return ((q.Bid + q.Ask) / 2) * (c.SecType == "OPT" ? 100 : 1);
    }

    private void AccountSummaryFor(SimSession s, ReqAccountSummary a)
    {
        var tags = a.Tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var (tag, value) in AccountValues().Where(v => tags.Length == 0 || tags.Contains(v.Tag) || tags.Contains("$LEDGER")))
        {
            s.Send(new AccountSummary(a.ReqId, _options.Account, tag, value.ToString("0.00", CultureInfo.InvariantCulture), "USD"));
        }

        s.Send(new AccountSummaryEnd(a.ReqId));
    }

    private void AccountUpdates(SimSession s)
    {
        foreach (var (tag, value) in AccountValues())
        {
            s.Send(new UpdateAccountValue(tag, value.ToString("0.00", CultureInfo.InvariantCulture), "USD", _options.Account));
        }

        foreach (var (contract, position, avg) in _positions.Values.Where(p => p.Position != 0))
        {
            var mark = MarkOf(contract);
            s.Send(new UpdatePortfolio(contract with { Exchange = "" }, position, mark / (contract.SecType == "OPT" ? 100 : 1),
                (double)position * mark, avg, ((double)position * mark) - ((double)position * avg), 0, _options.Account));
        }

        s.Send(new UpdateAccountTime(TimeZoneInfo.ConvertTime(_clock.GetUtcNow(), NewYork).ToString("HH:mm", CultureInfo.InvariantCulture)));
        s.Send(new AccountDownloadEnd(_options.Account));
    }

    private void AccountUpdatesMulti(SimSession s, ReqAccountUpdatesMulti m)
    {
        foreach (var (tag, value) in AccountValues())
        {
            s.Send(new AccountUpdateMulti(m.ReqId, _options.Account, m.ModelCode, tag, value.ToString("0.00", CultureInfo.InvariantCulture), "USD"));
        }

        s.Send(new AccountUpdateMultiEnd(m.ReqId));
    }
}
