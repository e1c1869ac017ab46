namespace WheelStrat.Actors.Gateway;

/// <summary>
/// Exponential backoff with jitter: min · 2^(attempt-1), capped at max, plus up to jitter·delay.
/// Pure (the random source is passed in) so the state machine's timing is testable.
/// </summary>
public sealed class ReconnectBackoff(TimeSpan min, TimeSpan max, double jitter, Random random)
{
    public int Attempt { get; private set; }

    public TimeSpan Next()
    {
        Attempt++;
        var exponent = Math.Min(Attempt - 1, 30);
        var baseDelay = Math.Min(min.TotalMilliseconds * Math.Pow(2, exponent), max.TotalMilliseconds);
        var spread = baseDelay * jitter * random.NextDouble();
        return TimeSpan.FromMilliseconds(Math.Min(baseDelay + spread, max.TotalMilliseconds * (1 + jitter)));
    }

    public void Reset() => Attempt = 0;
}
