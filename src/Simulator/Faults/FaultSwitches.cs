using System.Collections.Concurrent;

namespace WheelStrat.Simulator.Faults;

/// <summary>
/// The fault switches the gateway consults. Set from tests (in process) or from the control endpoint.
/// Each switch reproduces something a real IB Gateway does.
/// </summary>
public sealed class FaultSwitches
{
    private readonly ConcurrentDictionary<string, byte> _farmsDown = new();
    private long _refuseUntilTicks;
    private int _clientIdInUse;
    private int _pacingViolations;
    private int _dropAfterPlaceOrder;
    private int _stallAfterPlaceOrder;
    private int _marginRejections;
    private long _fillWhileDisconnectedTicks;
    private int _reuseExecId;

    /// <summary>Accept connections and requests but answer nothing at all — not even the handshake.</summary>
    public volatile bool Stalled;

    /// <summary>Contract details, history and executions are never answered; everything else is.</summary>
    public volatile bool HalfAnswering;

    /// <summary>Commission reports are held back (IB sends them late at times) until released.</summary>
    public volatile bool HoldCommissionReports;

    /// <summary>
    /// Fills send execDetails (and commission reports) but no orderStatus: IB does not promise an orderStatus
    /// for every fill, and a client that waits for one can miss a fill. The execution is the record.
    /// </summary>
    public volatile bool OmitOrderStatusOnFills;

    /// <summary>Every reply is delayed by this many milliseconds.</summary>
    public volatile int SlowRepliesMs;

    /// <summary>
    /// Options more than this many percent out of the money have no bid, as deep OTM options do: IB sends the bid as
    /// -1 with size 0, never a last, and no bid-based greeks (the model's still come). 0 turns it off.
    /// </summary>
    public volatile int NoBidBeyondOtmPct;

    /// <summary>
    /// A competing live session holds the account's market data: no line ticks (IB sends 10197 instead)
    /// until it ends. Set through <c>PaperGateway.StartCompetingSession</c>, which also sends the notices.
    /// </summary>
    public bool CompetingSession { get; internal set; }

    /// <summary>The data farms held down (through <c>PaperGateway.HoldFarmDown</c>, which sends the notice).</summary>
    public IReadOnlyCollection<string> FarmsDown => [.. _farmsDown.Keys];

    public bool IsFarmDown(DataFarm farm) => _farmsDown.ContainsKey(farm.Name);

    /// <summary>True when the farm was up.</summary>
    internal bool HoldDown(DataFarm farm) => _farmsDown.TryAdd(farm.Name, 0);

    /// <summary>True when the farm was down.</summary>
    internal bool Restore(DataFarm farm) => _farmsDown.TryRemove(farm.Name, out _);

    /// <summary>
    /// IB's limit of 50 client messages per second per connection: above it the gateway sends error 100
    /// and closes the connection. On by default, so every test proves the bridge stays under it.
    /// </summary>
    public volatile bool EnforceMessageRate = true;

    /// <summary>
    /// An account with no live subscription whose gateway answers every reqMktData with 10089 again, even
    /// after the session asked for delayed data (the notice a client must not answer with a new request).
    /// </summary>
    public volatile bool RepeatDelayedDataNotice;

    public bool IsRefusing(DateTimeOffset now) => now.UtcTicks < Interlocked.Read(ref _refuseUntilTicks);

    /// <summary>Close every new connection at once (the gateway at its login screen, or restarting).</summary>
    public void RefuseUntil(DateTimeOffset until) => Interlocked.Exchange(ref _refuseUntilTicks, until.UtcTicks);

    public void StopRefusing() => Interlocked.Exchange(ref _refuseUntilTicks, 0);

    /// <summary>The next <paramref name="count"/> startApi calls get 326 (client id in use).</summary>
    public void ClientIdInUse(int count) => Interlocked.Exchange(ref _clientIdInUse, count);

    /// <summary>The next <paramref name="count"/> historical requests get a pacing violation (162).</summary>
    public void PacingViolation(int count = 1) => Interlocked.Exchange(ref _pacingViolations, count);

    /// <summary>The next placeOrder is accepted, then the connection drops before its first status.</summary>
    public void DropAfterNextPlaceOrder() => Interlocked.Exchange(ref _dropAfterPlaceOrder, 1);

    /// <summary>
    /// The next placeOrder is accepted, the connection drops before its first status, new connections are
    /// refused for <paramref name="outage"/>, and the order fills in full meanwhile (a LMT at its limit).
    /// </summary>
    public void FillWhileDisconnectedAfterNextPlaceOrder(TimeSpan outage) =>
        Interlocked.Exchange(ref _fillWhileDisconnectedTicks, Math.Max(1, outage.Ticks));

    /// <summary>
    /// The next fill reuses the execId of the fill before it, with its own order, side, time and size: what a
    /// ledger meets when ids repeat (a reset counter, another account's history). Real execIds never repeat.
    /// </summary>
    public void ReuseExecIdOnNextFill() => Interlocked.Exchange(ref _reuseExecId, 1);

    /// <summary>The next placeOrder is accepted at the exchange, then the gateway stalls before any status.</summary>
    public void StallAfterNextPlaceOrder() => Interlocked.Exchange(ref _stallAfterPlaceOrder, 1);

    /// <summary>The next <paramref name="count"/> placeOrders fail IB's margin check: Inactive, then error 201.</summary>
    public void RejectForMargin(int count = 1) => Interlocked.Exchange(ref _marginRejections, count);

    internal TimeSpan? TakeFillWhileDisconnected()
    {
        var ticks = Interlocked.Exchange(ref _fillWhileDisconnectedTicks, 0);
        return ticks > 0 ? TimeSpan.FromTicks(ticks) : null;
    }

    internal bool TakeReuseExecId() => TakeOne(ref _reuseExecId);

    internal bool TakeMarginRejection() => TakeOne(ref _marginRejections);

    internal bool TakeStallAfterPlaceOrder() => TakeOne(ref _stallAfterPlaceOrder);

    internal bool TakeClientIdInUse() => TakeOne(ref _clientIdInUse);

    internal bool TakePacingViolation() => TakeOne(ref _pacingViolations);

    internal bool TakeDropAfterPlaceOrder() => TakeOne(ref _dropAfterPlaceOrder);

    private static bool TakeOne(ref int counter)
    {
        while (true)
        {
            var current = Volatile.Read(ref counter);
            if (current <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref counter, current - 1, current) == current)
            {
                return true;
            }
        }
    }
}
