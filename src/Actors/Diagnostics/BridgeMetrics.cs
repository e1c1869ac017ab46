using System.Diagnostics.Metrics;
using WheelStrat.Actors.History;

namespace WheelStrat.Actors.Diagnostics;

/// <summary>
/// The bridge's own instruments (exported on /metrics by the host). Counters are bumped where the
/// event happens; gauges that mirror actor state are updated by the actor that owns the state.
/// </summary>
public static class BridgeMetrics
{
    public const string MeterName = "WheelStrat.Bridge";

    private static readonly Meter Meter = new(MeterName, "1.0");

    public static readonly Counter<long> ConnectAttempts = Meter.CreateCounter<long>(
        "wheelstrat.gateway.connect_attempts", description: "Connect attempts to IB Gateway");

    public static readonly Counter<long> Disconnects = Meter.CreateCounter<long>(
        "wheelstrat.gateway.disconnects", description: "Sessions lost (any reason)");

    public static readonly Counter<long> IbErrors = Meter.CreateCounter<long>(
        "wheelstrat.ib.errors", description: "errMsg messages from IB, by code");

    public static readonly Counter<long> DecodeErrors = Meter.CreateCounter<long>(
        "wheelstrat.tws.decode_errors", description: "Messages from IB skipped because their fields did not decode, by message_id");

    public static readonly Counter<long> UnknownMessages = Meter.CreateCounter<long>(
        "wheelstrat.tws.unknown_messages", description: "Messages from IB with an id the bridge does not model (ignored), by message_id");

    public static readonly UpDownCounter<long> MarketDataLines = Meter.CreateUpDownCounter<long>(
        "wheelstrat.marketdata.lines", description: "Market-data lines in use");

    public static readonly UpDownCounter<long> HistoryQueue = Meter.CreateUpDownCounter<long>(
        "wheelstrat.history.queue", description: "Historical requests waiting for IB's pacing");

    public static readonly Counter<long> HistoryRequests = Meter.CreateCounter<long>(
        "wheelstrat.history.requests", description: "reqHistoricalData sent to IB");

    public static readonly Counter<long> OrderTransitions = Meter.CreateCounter<long>(
        "wheelstrat.orders.transitions", description: "Orders reaching a status, by status");

    public static readonly Counter<long> ExecutionsSynced = Meter.CreateCounter<long>(
        "wheelstrat.executions.synced", description: "Fills journaled, by source (live, sync) and kind (new, corrected)");

    public static readonly Counter<long> ExecutionConflicts = Meter.CreateCounter<long>(
        "wheelstrat.executions.conflicts", description: "Executions that reused a journaled execId with other content");

    public static readonly Histogram<double> JournalWriteLatency = Meter.CreateHistogram<double>(
        "wheelstrat.journal.write_latency", unit: "ms", description: "Time from handing events to the journal to their confirmation");

    public static readonly Counter<long> OutboundMessages = Meter.CreateCounter<long>(
        "wheelstrat.gateway.outbound.messages", description: "Client messages to IB, by priority and outcome (sent, expired, rejected, dropped)");

    public static readonly Histogram<double> OutboundWait = Meter.CreateHistogram<double>(
        "wheelstrat.gateway.outbound.wait", unit: "ms", description: "Time a client message waited for IB's message rate, by priority (0 when sent at once)");

    private static readonly int[] OutboundDepths = new int[3];
    private static int _gatewayStatus;
    private static Func<PacingBudget>? _pacing;

    static BridgeMetrics()
    {
        Meter.CreateObservableGauge("wheelstrat.gateway.status", () => Volatile.Read(ref _gatewayStatus),
            description: "0 disconnected, 1 connecting, 2 ok, 3 degraded, 4 awaitingLogin");
        Meter.CreateObservableGauge("wheelstrat.history.pacing.used", () => Pacing(b => b.Used - b.UsedByJobs, b => b.UsedByJobs),
            description: "Historical requests sent in IB's last ten minutes (of 60), by who spent them");
        Meter.CreateObservableGauge("wheelstrat.history.pacing.reserved", () => Pacing(b => b.Reserved),
            description: "Of IB's 60 historical requests per ten minutes, those kept for interactive /history");
        Meter.CreateObservableGauge("wheelstrat.history.pacing.queued", () => Pacing(b => b.QueuedInteractive, b => b.QueuedJobs),
            description: "Historical requests waiting for a pacing slot, interactive vs job");
        Meter.CreateObservableGauge("wheelstrat.history.pacing.next_slot", () => Pacing(b => b.NextSlotIn.TotalSeconds),
            unit: "s", description: "Seconds until IB's ten-minute window frees a slot (0 while one is free)");
        Meter.CreateObservableGauge("wheelstrat.gateway.outbound.queued", () => new[]
            {
                Depth(0, "urgent"), Depth(1, "marketData"), Depth(2, "other"),
            }, description: "Client messages waiting for IB's message rate, by priority");
    }

    /// <summary>The history pacing board the gauges read (one per bridge; the last one built wins in a test process).</summary>
    public static void ObservePacing(Func<PacingBudget> read) => Volatile.Write(ref _pacing, read);

    public static void SetGatewayStatus(int status) => Volatile.Write(ref _gatewayStatus, status);

    private static IEnumerable<Measurement<T>> Pacing<T>(Func<PacingBudget, T> value)
        where T : struct =>
        Volatile.Read(ref _pacing) is { } read ? [new Measurement<T>(value(read()))] : [];

    private static IEnumerable<Measurement<int>> Pacing(Func<PacingBudget, int> interactive, Func<PacingBudget, int> jobs)
    {
        if (Volatile.Read(ref _pacing) is not { } read)
        {
            return [];
        }

        var budget = read();
        return [new Measurement<int>(interactive(budget), new KeyValuePair<string, object?>("priority", "interactive")),
            new Measurement<int>(jobs(budget), new KeyValuePair<string, object?>("priority", "job"))];
    }

    /// <summary>The message_id tag of IB's messages; "unreadable" when the frame had no id to read.</summary>
    public static KeyValuePair<string, object?> MessageIdTag(int? messageId) =>
        new("message_id", messageId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unreadable");

    public static void SetOutboundDepths(int urgent, int marketData, int other)
    {
        Volatile.Write(ref OutboundDepths[0], urgent);
        Volatile.Write(ref OutboundDepths[1], marketData);
        Volatile.Write(ref OutboundDepths[2], other);
    }

    private static Measurement<int> Depth(int index, string priority) =>
        new(Volatile.Read(ref OutboundDepths[index]), new KeyValuePair<string, object?>("priority", priority));
}
