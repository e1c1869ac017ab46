using WheelStrat.Actors.Diagnostics;

namespace WheelStrat.Actors.History;

/// <summary>
/// The history actor's pacing window and queue lengths, published for /health and /metrics to read without
/// asking the actor: they answer at once however long the queue is. One writer, any number of readers.
/// </summary>
public sealed class HistoryPacingBoard
{
    private readonly TimeProvider _time;
    private Snapshot _current = new(PacingWindow.Empty, 0, 0);

    public HistoryPacingBoard(TimeProvider time)
    {
        _time = time;
        BridgeMetrics.ObservePacing(() => Current);
    }

    /// <summary>The budget now: the window ages as time passes, so it is computed at each read.</summary>
    public PacingBudget Current
    {
        get
        {
            var s = Volatile.Read(ref _current);
            return s.Window.At(_time.GetUtcNow(), s.QueuedInteractive, s.QueuedJobs);
        }
    }

    public void Publish(PacingWindow window, int queuedInteractive, int queuedJobs) =>
        Volatile.Write(ref _current, new Snapshot(window, queuedInteractive, queuedJobs));

    private sealed record Snapshot(PacingWindow Window, int QueuedInteractive, int QueuedJobs);
}
