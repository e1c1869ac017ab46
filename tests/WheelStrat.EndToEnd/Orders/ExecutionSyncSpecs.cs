using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WheelStrat.EndToEnd.Support;
using WheelStrat.Tws.Messages.Requests;

namespace WheelStrat.EndToEnd.Orders;

/// <summary>
/// The old bridge's /executions ran past the caller's 60 s timeout when IB never finished the list.
/// Here a sync is one job with a deadline, and reading the journal never waits on IB.
/// </summary>
public sealed class ExecutionSyncSpecs
{
    [Fact]
    public async Task A_sync_IB_never_finishes_answers_503_at_its_deadline_and_concurrent_callers_share_one_request()
    {
        await using var sb = await SimulatedBridge.StartAsync(settings: new Dictionary<string, string?> { ["Executions:SyncDeadline"] = "00:00:02" });
        sb.Gateway.Faults.HalfAnswering = true;
        var before = sb.Gateway.Log.Of<ReqExecutions>().Count;

        var clock = Stopwatch.StartNew();
        var calls = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => sb.Http.PostAsync("/executions/sync", null)));
        clock.Stop();

        Assert.All(calls, c => Assert.Equal(HttpStatusCode.ServiceUnavailable, c.StatusCode));
        var problem = await calls[0].Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("execDetailsEnd", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"the sync took {clock.Elapsed}");
        Assert.InRange(sb.Gateway.Log.Of<ReqExecutions>().Count - before, 0, 1);

        // The journal answers while IB is silent, and the next sync works once IB answers again.
        var read = await sb.Http.GetAsync("/executions");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        sb.Gateway.Faults.HalfAnswering = false;
        var recovered = await sb.Http.PostAsync("/executions/sync", null);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
    }

    [Fact]
    public async Task A_live_fill_is_journaled_at_once_and_a_burst_of_fills_brings_one_sync_after_it()
    {
        await using var sb = await SimulatedBridge.StartAsync(new WheelStrat.Simulator.SimulatorOptions { PartialFillAbove = 3, TickInterval = TimeSpan.FromMilliseconds(200) });
        await SimulatedBridge.EventuallyAsync(() => sb.Gateway.Log.Of<ReqExecutions>().Count == 1, "the connect-time sync");

        using var order = new HttpRequestMessage(HttpMethod.Post, "/order")
        {
            Content = new StringContent("""{"symbol":"SPY","action":"BUY","quantity":6,"orderType":"MKT"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        order.Headers.Add("Idempotency-Key", "live-fill-1");
        using var placed = await sb.Http.SendAsync(order);
        Assert.True(placed.IsSuccessStatusCode, await placed.Content.ReadAsStringAsync());

        // Two partial fills pushed by IB, then one sync about a second later: they coalesce.
        await SimulatedBridge.EventuallyAsync(() => sb.Gateway.Log.Of<ReqExecutions>().Count == 2, "a sync after the fills");
        await Task.Delay(2000);
        Assert.Equal(2, sb.Gateway.Log.Of<ReqExecutions>().Count);
        var trades = (await sb.Http.GetFromJsonAsync<JsonElement>("/executions")).GetProperty("items").EnumerateArray()
            .Where(t => t.GetProperty("orderRef").GetString() == "live-fill-1").ToList();
        Assert.Equal(2, trades.Count);
    }
}
