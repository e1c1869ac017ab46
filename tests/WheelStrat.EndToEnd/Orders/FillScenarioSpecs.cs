using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using WheelStrat.EndToEnd.Support;
using WheelStrat.Simulator;

namespace WheelStrat.EndToEnd.Orders;

/// <summary>Partial fills, late commission reports and IB's execution corrections, against simulator scenarios.</summary>
public sealed class FillScenarioSpecs
{
    [Fact]
    public async Task A_partially_filled_order_ends_filled_with_both_fills_journaled()
    {
        await using var sb = await SimulatedBridge.StartAsync(new SimulatorOptions { PartialFillAbove = 5, TickInterval = TimeSpan.FromMilliseconds(200) });
        Assert.True((await sb.PostOrderAsync("""{"symbol":"SPY","action":"BUY","quantity":10,"orderType":"MKT"}""", "partial-1")).IsSuccessStatusCode);
        await SimulatedBridge.EventuallyAsync(() => Trades(sb).Count(t => t.GetProperty("orderRef").GetString() == "partial-1") == 2, "two fills journaled");
        var order = await Get(sb, "/orders/partial-1");
        Assert.Equal("Filled", order.GetProperty("status").GetString());
        Assert.Equal(10, order.GetProperty("filled").GetDecimal());
        Assert.Equal([5m, 5m], Trades(sb).Where(t => t.GetProperty("orderRef").GetString() == "partial-1").Select(t => t.GetProperty("quantity").GetDecimal()));
    }

    [Fact]
    public async Task A_late_commission_report_attaches_to_its_fill_and_is_null_until_then()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        sb.Gateway.Faults.HoldCommissionReports = true;
        Assert.True((await sb.PostOrderAsync("""{"symbol":"MSFT","action":"BUY","quantity":2,"orderType":"MKT"}""", "late-commission")).IsSuccessStatusCode);
        await SimulatedBridge.EventuallyAsync(() => Trades(sb).Any(t => t.GetProperty("orderRef").GetString() == "late-commission"), "the fill journaled");

        // A fill starts a sync a moment later (Executions:SyncAfterFill) and one may run at any time: run one now, so
        // the check below comes after it whatever the machine's speed. IB's answer has no report it has not sent yet.
        using (var sync = await sb.Http.PostAsync("/executions/sync", null))
        {
            Assert.True(sync.IsSuccessStatusCode, await sync.Content.ReadAsStringAsync());
        }

        Assert.Equal(JsonValueKind.Null, Trades(sb).Single().GetProperty("commission").ValueKind);

        sb.Gateway.ReleaseCommissionReports();
        await SimulatedBridge.EventuallyAsync(() => Trades(sb).Single().GetProperty("commission").ValueKind == JsonValueKind.Number, "the commission attached");
        Assert.Equal(1.0, Trades(sb).Single().GetProperty("commission").GetDouble());
    }

    [Fact]
    public async Task A_correction_replaces_the_fill_it_corrects()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        Assert.True((await sb.PostOrderAsync("""{"symbol":"NVDA","action":"BUY","quantity":3,"orderType":"MKT"}""", "corrected")).IsSuccessStatusCode);
        await SimulatedBridge.EventuallyAsync(() => Trades(sb).Any(t => t.GetProperty("orderRef").GetString() == "corrected"), "the fill journaled");
        var original = Trades(sb).Single().GetProperty("execId").GetString()!;

        var corrected = sb.Gateway.CorrectExecution(original, 141.23);
        await SimulatedBridge.EventuallyAsync(() => Trades(sb).Single().GetProperty("execId").GetString() == corrected.Execution.ExecId, "the corrected revision");
        var trade = Trades(sb).Single();
        Assert.Equal(141.23, trade.GetProperty("price").GetDouble());

        // A sync afterwards (IB now reports only the corrected revision) changes nothing.
        var sync = await (await sb.Http.PostAsync("/executions/sync", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, sync.GetProperty("new").GetInt32());
        Assert.Single(Trades(sb));
    }

    private static List<JsonElement> Trades(SimulatedBridge sb) =>
        [.. Get(sb, "/executions").Result.GetProperty("items").EnumerateArray()];

    private static async Task<JsonElement> Get(SimulatedBridge sb, string path) =>
        await (await sb.Http.GetAsync(path)).Content.ReadFromJsonAsync<JsonElement>();
}
