namespace WheelStrat.Actors.Gateway;

/// <summary>Which queue a client→IB message waits in when the rate is used up.</summary>
public enum OutboundPriority
{
    /// <summary>Orders, cancels, heartbeats and the session's startup steps: what keeps money and the session safe.</summary>
    Urgent,

    /// <summary>reqMktData, cancelMktData and the market-data type.</summary>
    MarketData,

    /// <summary>History, contract details, chains, executions, account and everything else.</summary>
    Other,
}

/// <summary>A message the governor let go (to send) or gave up on (expired), with how long it waited.</summary>
public readonly record struct Dequeued<T>(T Item, OutboundPriority Priority, TimeSpan Waited);

/// <summary>What became of an offered message.</summary>
public enum Admission
{
    /// <summary>Within the rate and nothing waiting ahead of it: send it now.</summary>
    SendNow,

    /// <summary>Waits for a slot; <see cref="OutboundGovernor{T}.Release"/> hands it out or expires it.</summary>
    Queued,

    /// <summary>Its queue is full: nothing was kept, answer the owner now.</summary>
    Rejected,
}

/// <summary>
/// IB disconnects a client that sends more than 50 messages in a second; this keeps every client→IB
/// message at or under <c>perSecond</c> in any sliding one-second window (a token bucket would let twice the
/// rate through across a window's edge), and at or under a tenth of it in any 100 ms: IB counts at its end,
/// and a whole second's burst sent at once, delayed on the way, would land in the next second's window.
/// For the same reason a sent message counts for 1.1 s, not 1 s: messages sent a second apart reach IB
/// with different delays, and without the guard the late end of one burst and the next would share IB's second.
/// Messages over the rate wait in one bounded FIFO queue per
/// priority and leave by weighted round robin — each round gives Urgent up to 6 slots, MarketData 3 and
/// Other 1, Urgent first — so orders go first and a flood of quotes still cannot starve history. A queued
/// message whose deadline passes is handed back as expired, never sent. Pure and single-threaded: its owner
/// (the gateway actor) drives it with a timer.
/// </summary>
public sealed class OutboundGovernor<T>
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(1100);
    private static readonly TimeSpan BurstWindow = TimeSpan.FromMilliseconds(100);
    private static readonly int[] Weights = [6, 3, 1];

    private readonly int _perSecond;
    private readonly int _perBurst;
    private readonly int _capacity;
    private readonly TimeProvider _time;
    private readonly Queue<DateTimeOffset> _sent = new();
    private readonly Queue<Waiting>[] _queues = [new(), new(), new()];
    private readonly int[] _credits = (int[])Weights.Clone();

    public OutboundGovernor(int perSecond, int capacityPerPriority, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perSecond, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacityPerPriority, 1);
        _perSecond = perSecond;
        _perBurst = (perSecond + 9) / 10;
        _capacity = capacityPerPriority;
        _time = time;
    }

    public int Depth(OutboundPriority priority) => _queues[(int)priority].Count;

    public int Queued => _queues.Sum(q => q.Count);

    /// <summary>Sends or queues <paramref name="item"/>; it expires at <paramref name="expiresAt"/> (null: never) while queued.</summary>
    public Admission Offer(T item, OutboundPriority priority, DateTimeOffset? expiresAt)
    {
        var now = _time.GetUtcNow();
        if (Queued == 0 && HasRoom(now))
        {
            _sent.Enqueue(now);
            return Admission.SendNow;
        }

        var queue = _queues[(int)priority];
        if (queue.Count >= _capacity)
        {
            return Admission.Rejected;
        }

        queue.Enqueue(new Waiting(item, now, expiresAt));
        return Admission.Queued;
    }

    /// <summary>
    /// Hands back every queued message whose deadline has passed (<paramref name="expired"/>), then as many
    /// as the rate allows now, in weighted round-robin order (<paramref name="ready"/>), each counted as sent.
    /// </summary>
    public void Release(List<Dequeued<T>> ready, List<Dequeued<T>> expired)
    {
        var now = _time.GetUtcNow();
        for (var p = 0; p < _queues.Length; p++)
        {
            var queue = _queues[p];
            if (queue.Any(w => w.ExpiresAt <= now))
            {
                foreach (var w in queue.Where(w => w.ExpiresAt <= now))
                {
                    expired.Add(new Dequeued<T>(w.Item, (OutboundPriority)p, now - w.Since));
                }

                _queues[p] = new Queue<Waiting>(queue.Where(w => !(w.ExpiresAt <= now)));
            }
        }

        while (Queued > 0 && HasRoom(now))
        {
            var p = NextPriority();
            var w = _queues[p].Dequeue();
            _sent.Enqueue(now);
            ready.Add(new Dequeued<T>(w.Item, (OutboundPriority)p, now - w.Since));
        }
    }

    /// <summary>When the next queued message may go; null when nothing waits.</summary>
    public TimeSpan? NextReleaseIn()
    {
        if (Queued == 0)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        if (HasRoom(now))
        {
            return TimeSpan.Zero;
        }

        return _sent.Count >= _perSecond
            ? _sent.Peek() + Window - now
            : _sent.First(t => now - t < BurstWindow) + BurstWindow - now;
    }

    /// <summary>Empties every queue (the session is gone) and returns what waited, to answer its owners.</summary>
    public List<Dequeued<T>> Clear()
    {
        var now = _time.GetUtcNow();
        var dropped = new List<Dequeued<T>>();
        for (var p = 0; p < _queues.Length; p++)
        {
            dropped.AddRange(_queues[p].Select(w => new Dequeued<T>(w.Item, (OutboundPriority)p, now - w.Since)));
            _queues[p].Clear();
        }

        return dropped;
    }

    private bool HasRoom(DateTimeOffset now)
    {
        while (_sent.TryPeek(out var oldest) && now - oldest >= Window)
        {
            _sent.Dequeue();
        }

        return _sent.Count < _perSecond && _sent.Count(t => now - t < BurstWindow) < _perBurst;
    }

    /// <summary>The highest priority with a waiting message and credit left in this round; a new round when none has.</summary>
    private int NextPriority()
    {
        while (true)
        {
            for (var p = 0; p < _queues.Length; p++)
            {
                if (_queues[p].Count > 0 && _credits[p] > 0)
                {
                    _credits[p]--;
                    return p;
                }
            }

            Weights.CopyTo(_credits, 0);
        }
    }

    private readonly record struct Waiting(T Item, DateTimeOffset Since, DateTimeOffset? ExpiresAt);
}
