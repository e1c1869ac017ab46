using System.Collections.Immutable;

namespace WheelStrat.Actors.Diagnostics;

/// <summary>
/// Conditions outside the gateway session that still make the bridge degraded (an execution conflict waiting
/// for a person, say). Each source sets or clears its own line; /health adds them to the gateway's reasons.
/// Any number of writers and readers, no locks.
/// </summary>
public sealed class HealthConditions
{
    private ImmutableSortedDictionary<string, string> _reasons = ImmutableSortedDictionary<string, string>.Empty;

    public ImmutableSortedDictionary<string, string> Current => Volatile.Read(ref _reasons);

    /// <summary>Sets <paramref name="source"/>'s reason, or clears it when <paramref name="reason"/> is null.</summary>
    public void Set(string source, string? reason) =>
        ImmutableInterlocked.Update(ref _reasons, r => reason is null ? r.Remove(source) : r.SetItem(source, reason));
}
