namespace WheelStrat.Simulator.History;

/// <summary>IB's historical pacing, enforced: identical within 15 s, ≥6 same contract in 2 s, &gt;60 in 10 min.</summary>
public sealed class PacingRules
{
    private readonly List<(DateTimeOffset At, string Identity, string Contract)> _seen = [];

    public int Violations { get; private set; }

    /// <summary>Records the request and says whether IB would call it a pacing violation.</summary>
    public bool IsViolation(string identity, string contract, DateTimeOffset now)
    {
        _seen.RemoveAll(s => now - s.At >= TimeSpan.FromMinutes(10));
        var violation = _seen.Any(s => s.Identity == identity && now - s.At < TimeSpan.FromSeconds(15))
            || _seen.Count(s => s.Contract == contract && now - s.At < TimeSpan.FromSeconds(2)) >= 5
            || _seen.Count >= 60;
        _seen.Add((now, identity, contract));
        if (violation)
        {
            Violations++;
        }

        return violation;
    }
}
