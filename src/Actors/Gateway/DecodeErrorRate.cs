namespace WheelStrat.Actors.Gateway;

/// <summary>
/// Whether messages that do not decode come often enough to call the session degraded. One bad message is
/// noise and costs only itself; <c>threshold</c> of them within <c>window</c> means the gateway speaks a layout
/// the bridge cannot read (a gateway upgrade, say), and quotes or orders may silently stop updating.
/// Single-threaded: owned by one actor.
/// </summary>
internal sealed class DecodeErrorRate(int threshold, TimeSpan window)
{
    /// <summary>The last <c>threshold</c> times, oldest first: all this needs to remember.</summary>
    private readonly Queue<DateTimeOffset> _recent = new();

    /// <summary>Records one; true when the last <c>threshold</c> of them all fell within the window.</summary>
    public bool Record(DateTimeOffset at)
    {
        _recent.Enqueue(at);
        if (_recent.Count > threshold)
        {
            _recent.Dequeue();
        }

        return _recent.Count == threshold && at - _recent.Peek() <= window;
    }

    public void Reset() => _recent.Clear();
}
