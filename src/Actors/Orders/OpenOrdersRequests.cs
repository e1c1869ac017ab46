namespace WheelStrat.Actors.Orders;

/// <summary>
/// Counts reqAllOpenOrders answers still streaming on one session. IB answers them in order over the one
/// socket, each list closed by its own openOrderEnd, and an end names no request: a lookup that started
/// while an earlier list was streaming would take that list's end as its own and miss the open orders
/// still to come. A list is complete only when every request sent so far has ended.
/// </summary>
public sealed class OpenOrdersRequests
{
    private int _inFlight;

    public void Sent() => _inFlight++;

    /// <summary>An openOrderEnd arrived; true when it closes the last request sent.</summary>
    public bool Ended()
    {
        _inFlight = Math.Max(0, _inFlight - 1);
        return _inFlight == 0;
    }

    /// <summary>A new session: answers owed on the old socket will never come.</summary>
    public void SessionChanged() => _inFlight = 0;
}
