namespace WheelStrat.Actors.History.Store;

/// <summary>A half-open UTC interval [From, To).</summary>
public readonly record struct TimeRange(DateTimeOffset From, DateTimeOffset To)
{
    public bool IsEmpty => To <= From;

    public TimeSpan Length => IsEmpty ? TimeSpan.Zero : To - From;

    /// <summary>The parts of <paramref name="wanted"/> that no range of <paramref name="covered"/> contains, in time order.</summary>
    public static IReadOnlyList<TimeRange> Missing(TimeRange wanted, IEnumerable<TimeRange> covered)
    {
        var gaps = new List<TimeRange>();
        var at = wanted.From;
        foreach (var c in Union(covered))
        {
            if (c.To <= at)
            {
                continue;
            }

            if (c.From >= wanted.To)
            {
                break;
            }

            if (c.From > at)
            {
                gaps.Add(new TimeRange(at, c.From));
            }

            at = c.To;
            if (at >= wanted.To)
            {
                break;
            }
        }

        if (at < wanted.To)
        {
            gaps.Add(new TimeRange(at, wanted.To));
        }

        return gaps;
    }

    /// <summary>Sorted, with overlapping and touching ranges merged.</summary>
    public static IReadOnlyList<TimeRange> Union(IEnumerable<TimeRange> ranges)
    {
        var merged = new List<TimeRange>();
        foreach (var r in ranges.Where(r => !r.IsEmpty).OrderBy(r => r.From))
        {
            if (merged.Count > 0 && r.From <= merged[^1].To)
            {
                var last = merged[^1];
                merged[^1] = last with { To = r.To > last.To ? r.To : last.To };
            }
            else
            {
                merged.Add(r);
            }
        }

        return merged;
    }

    /// <summary>Cuts this range into pieces no longer than <paramref name="max"/>, the latest first ends at <see cref="To"/>.</summary>
    public IReadOnlyList<TimeRange> Split(TimeSpan max)
    {
        var pieces = new List<TimeRange>();
        for (var to = To; to > From; to -= max)
        {
            var from = to - max;
            pieces.Add(new TimeRange(from < From ? From : from, to));
        }

        pieces.Reverse();
        return pieces;
    }

    public override string ToString() => $"[{From:O}, {To:O})";
}
