using System.Collections.Frozen;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;
using WheelStrat.Actors.Orders;

namespace WheelStrat.Actors.Persistence;

/// <summary>Everything the bridge journals: events and snapshots, stored with a stable manifest.</summary>
public interface IJournalEvent;

/// <summary>
/// System.Text.Json for journaled events, keyed by string manifests that never change: a renamed or
/// moved class keeps reading its stored history as long as its manifest stays in the table below.
/// The table is append-only.
/// </summary>
public sealed class JournalSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 7301;

    private static readonly FrozenDictionary<string, Type> TypesByManifest = new Dictionary<string, Type>
    {
        ["order-accepted.v1"] = typeof(OrderAccepted),
        ["order-id-assigned.v1"] = typeof(OrderIdAssigned),
        ["order-submitted.v1"] = typeof(OrderSubmitted),
        ["order-status-reported.v1"] = typeof(OrderStatusReported),
        ["order-rejected.v1"] = typeof(OrderRejected),
        ["order-noticed.v1"] = typeof(OrderNoticed),
        ["order-cancel-requested.v1"] = typeof(OrderCancelRequested),
        ["order-reconciled.v1"] = typeof(OrderReconciled),
        ["order-execution-reported.v1"] = typeof(OrderExecutionReported),
        ["order-not-sent.v1"] = typeof(OrderNotSent),
        ["order-key-registered.v1"] = typeof(OrderKeyRegistered),
        ["order-id-high-water-raised.v1"] = typeof(OrderIdHighWaterRaised),
        ["orders-snapshot.v1"] = typeof(OrdersSnapshot),
        ["execution-recorded.v1"] = typeof(Executions.ExecutionRecorded),
        ["execution-corrected.v1"] = typeof(Executions.ExecutionCorrected),
        ["commission-recorded.v1"] = typeof(Executions.CommissionRecorded),
        ["executions-snapshot.v1"] = typeof(Executions.ExecutionsSnapshot),
        ["execution-conflict-recorded.v1"] = typeof(Executions.ExecutionConflictRecorded),
        ["execution-conflict-acknowledged.v1"] = typeof(Executions.ExecutionConflictAcknowledged),
        ["history-job-submitted.v1"] = typeof(History.Jobs.HistoryJobSubmitted),
        ["history-job-planned.v1"] = typeof(History.Jobs.HistoryJobPlanned),
        ["history-job-plan-failed.v1"] = typeof(History.Jobs.HistoryJobPlanFailed),
        ["history-job-contract-done.v1"] = typeof(History.Jobs.HistoryJobContractDone),
        ["history-job-contract-failed.v1"] = typeof(History.Jobs.HistoryJobContractFailed),
        ["history-job-cancelled.v1"] = typeof(History.Jobs.HistoryJobCancelled),
        ["history-job-settled.v1"] = typeof(History.Jobs.HistoryJobSettled),
        ["history-jobs-snapshot.v1"] = typeof(History.Jobs.HistoryJobsSnapshot),
        ["stream-feed-entry.v1"] = typeof(Streaming.FeedEntry),
        ["stream-feed-snapshot.v1"] = typeof(Streaming.FeedSnapshot),
        ["order-snapshot.v1"] = typeof(OrderState),
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<Type, string> ManifestsByType = TypesByManifest.ToFrozenDictionary(kv => kv.Value, kv => kv.Key);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public override int Identifier => SerializerId;

    public static IReadOnlyCollection<string> Manifests => TypesByManifest.Keys;

    public override string Manifest(object o) =>
        ManifestsByType.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new ArgumentException($"{o.GetType()} has no journal manifest; add one to {nameof(JournalSerializer)}");

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Json);

    public override object FromBinary(byte[] bytes, string manifest) =>
        TypesByManifest.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, Json)!
            : throw new ArgumentException($"unknown journal manifest '{manifest}'");
}
