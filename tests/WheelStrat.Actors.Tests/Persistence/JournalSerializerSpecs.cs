using Akka.Actor;
using Akka.TestKit.Xunit2;
using WheelStrat.Actors.Executions;
using WheelStrat.Actors.Persistence;

namespace WheelStrat.Actors.Tests.Persistence;

public sealed class JournalSerializerSpecs : TestKit
{
    [Fact]
    public void Stored_events_name_a_manifest_not_a_CLR_type_so_renames_do_not_orphan_them()
    {
        var serializer = new JournalSerializer((ExtendedActorSystem)Sys);
        var trade = new Trade(1, "0000e0d5.1.01.01", 5, "k", DateTimeOffset.UnixEpoch, "AMZN", "OPT", "20261218", 200, "P", "SLD", 1, 3.4, null, "USD", "DU1", "CBOE", 9);
        var e = new ExecutionRecorded(trade);

        var manifest = serializer.Manifest(e);
        var bytes = serializer.ToBinary(e);
        Assert.Equal("execution-recorded.v1", manifest);
        Assert.DoesNotContain("WheelStrat", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.DoesNotContain("ExecutionRecorded", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Equal(e, serializer.FromBinary(bytes, manifest));
    }

    [Fact]
    public void An_order_reconciled_event_stored_with_an_order_id_still_reads_now_that_the_id_may_be_unknown()
    {
        var serializer = new JournalSerializer((ExtendedActorSystem)Sys);
        var stored = """{"orderId":17,"finding":"found at IB (Submitted)","at":"2026-11-28T10:15:02+00:00"}"""u8.ToArray();

        var e = Assert.IsType<WheelStrat.Actors.Orders.OrderReconciled>(serializer.FromBinary(stored, "order-reconciled.v1"));
        Assert.Equal(17, e.OrderId);

        var unknown = e with { OrderId = null };
        Assert.Equal(unknown, serializer.FromBinary(serializer.ToBinary(unknown), "order-reconciled.v1"));
    }

    [Fact]
    public void An_order_snapshot_reads_back_as_the_same_order()
    {
        var serializer = new JournalSerializer((ExtendedActorSystem)Sys);
        var at = new DateTimeOffset(2026, 11, 28, 15, 0, 0, TimeSpan.Zero);
        var record = WheelStrat.Actors.Orders.OrderState.Empty
            .Apply(new WheelStrat.Actors.Orders.OrderAccepted("snap", new WheelStrat.Actors.Orders.OrderTicket(WheelStrat.Actors.Contracts.ContractSpec.Stock("AAPL"), "BUY", 10, "LMT", 190m, "DAY"), WheelStrat.Tws.Messages.Contract.Stock("AAPL"), at))
            .Apply(new WheelStrat.Actors.Orders.OrderIdAssigned(17, at))
            .Apply(new WheelStrat.Actors.Orders.OrderSubmitted(at))
            .Apply(new WheelStrat.Actors.Orders.OrderNoticed(399, "warning", at))
            .Apply(new WheelStrat.Actors.Orders.OrderExecutionReported("0001.01", 4, 189.5, at));

        var read = Assert.IsType<WheelStrat.Actors.Orders.OrderState>(serializer.FromBinary(serializer.ToBinary(record), "order-snapshot.v1"));

        Assert.Equal(WheelStrat.Actors.Orders.OrderView.Of(record), WheelStrat.Actors.Orders.OrderView.Of(read) with { Notices = record.Notices });
        Assert.Equal(record.Notices, read.Notices);
        Assert.Equal(record.Executions.Keys, read.Executions.Keys);
        Assert.Equal(record.LastHeardAt, read.LastHeardAt);
        Assert.Equal("order-snapshot.v1", serializer.Manifest(record));
    }

    [Fact]
    public void Order_statuses_journaled_as_strings_before_the_enum_still_read_and_are_still_written_as_the_same_strings()
    {
        var serializer = new JournalSerializer((ExtendedActorSystem)Sys);
        // Bytes as the journal held them when OrderStatusReported.Status and OrderState.Status were strings.
        const string stored = """{"status":"PreSubmitted","filled":4,"remaining":6,"avgFillPrice":189.5,"lastFillPrice":189.5,"permId":900,"at":"2026-11-28T15:00:00+00:00"}""";
        var e = Assert.IsType<WheelStrat.Actors.Orders.OrderStatusReported>(serializer.FromBinary(System.Text.Encoding.UTF8.GetBytes(stored), "order-status-reported.v1"));
        Assert.Equal(WheelStrat.Actors.Orders.OrderStatusCode.PreSubmitted, e.Status);
        Assert.Contains("\"status\":\"PreSubmitted\"", System.Text.Encoding.UTF8.GetString(serializer.ToBinary(e)), StringComparison.Ordinal);

        // A status this build does not know (IB's "Unknown", or one added later) reads instead of failing the recovery.
        var odd = stored.Replace("PreSubmitted", "SomethingNew", StringComparison.Ordinal);
        Assert.Equal(WheelStrat.Actors.Orders.OrderStatusCode.Unknown, ((WheelStrat.Actors.Orders.OrderStatusReported)serializer.FromBinary(System.Text.Encoding.UTF8.GetBytes(odd), "order-status-reported.v1")).Status);

        const string snapshot = """{"key":"old","ticket":{"spec":{"symbol":"AAPL","secType":"STK"},"action":"BUY","quantity":10,"orderType":"LMT","limitPrice":190,"tif":"DAY"},"orderId":17,"submitted":true,"status":"PartiallyFilled","filled":4,"remaining":6}""";
        var state = Assert.IsType<WheelStrat.Actors.Orders.OrderState>(serializer.FromBinary(System.Text.Encoding.UTF8.GetBytes(snapshot), "order-snapshot.v1"));
        Assert.Equal(WheelStrat.Actors.Orders.OrderStatusCode.PartiallyFilled, state.Status);
        Assert.Equal("PartiallyFilled", WheelStrat.Actors.Orders.OrderView.Of(state).Status);
    }

    [Fact]
    public void A_history_job_stored_before_stock_jobs_existed_reads_as_an_option_job_with_the_same_id()
    {
        var serializer = new JournalSerializer((ExtendedActorSystem)Sys);
        var option = new WheelStrat.Actors.History.Jobs.HistoryJobSpec("AAPL", "20261218", "20261218", null, [200m], null, ["P"], "1 hour", "MIDPOINT", true,
            DateTimeOffset.Parse("2026-11-16T00:00:00Z"), DateTimeOffset.Parse("2026-11-21T00:00:00Z"));
        var json = System.Text.Encoding.UTF8.GetString(serializer.ToBinary(new WheelStrat.Actors.History.Jobs.HistoryJobSubmitted(option.Id, option, DateTimeOffset.UnixEpoch)));
        var stored = System.Text.RegularExpressions.Regex.Replace(json, ",\"secType\":\"OPT\"", "", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        Assert.DoesNotContain("secType", stored, StringComparison.OrdinalIgnoreCase);

        var e = Assert.IsType<WheelStrat.Actors.History.Jobs.HistoryJobSubmitted>(serializer.FromBinary(System.Text.Encoding.UTF8.GetBytes(stored), "history-job-submitted.v1"));

        Assert.Equal("OPT", e.Spec.SecType);
        Assert.Equal(option.Id, e.Spec.Id);
        Assert.Equal(e.Id, e.Spec.Id);
        Assert.NotEqual(option.Id, (option with { SecType = "STK" }).Id);
    }

    [Fact]
    public void Every_journaled_type_has_exactly_one_manifest()
    {
        var journaled = typeof(IJournalEvent).Assembly.GetTypes().Where(t => t.IsClass && !t.IsAbstract && typeof(IJournalEvent).IsAssignableFrom(t)).ToList();
        var serializer = new JournalSerializer((ExtendedActorSystem)Sys);
        Assert.All(journaled, t => Assert.Contains(serializer.Manifest(System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(t)), JournalSerializer.Manifests));
        Assert.Equal(journaled.Count, JournalSerializer.Manifests.Count);
    }
}
