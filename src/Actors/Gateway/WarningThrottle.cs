namespace WheelStrat.Actors.Gateway;

/// <summary>
/// At most one warning per key per period; the rest go to Debug and are counted into the next warning.
/// A bad message that IB repeats on every tick must not drown the log (nor fill a 1 GB VM's disk), while the
/// first of each kind is still seen at once. Single-threaded: owned by one actor.
/// </summary>
internal sealed class WarningThrottle(TimeSpan period)
{
    /// <summary>A stream of ever-new keys (garbage message ids) must not grow this without end.</summary>
    private const int MaxKeys = 256;

    private readonly Dictionary<int, (DateTimeOffset WarnedAt, long Suppressed)> _keys = [];

    /// <summary>True when this one is to be a warning; <paramref name="suppressed"/> says how many went to Debug since the last.</summary>
    public bool ShouldWarn(int key, DateTimeOffset now, out long suppressed)
    {
        if (_keys.TryGetValue(key, out var last) && now - last.WarnedAt < period)
        {
            _keys[key] = last with { Suppressed = last.Suppressed + 1 };
            suppressed = 0;
            return false;
        }

        if (_keys.Count >= MaxKeys)
        {
            _keys.Clear();
        }

        suppressed = last.Suppressed;
        _keys[key] = (now, 0);
        return true;
    }
}
