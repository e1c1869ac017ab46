using System.Diagnostics;

namespace WheelStrat.Simulator.Server;

/// <summary>
/// The client messages one connection sent in the last second, measured on the wall clock (IB counts
/// real time, whatever the simulator's market clock says). Called by the session's reader only.
/// </summary>
internal sealed class MessageRateWindow
{
    private static readonly long OneSecond = Stopwatch.Frequency;
    private readonly Queue<long> _arrivals = new();

    /// <summary>Records one message and returns how many arrived within the second ending now, it included.</summary>
    public int Record()
    {
        var now = Stopwatch.GetTimestamp();
        while (_arrivals.TryPeek(out var oldest) && now - oldest >= OneSecond)
        {
            _arrivals.Dequeue();
        }

        _arrivals.Enqueue(now);
        return _arrivals.Count;
    }
}
