using System.Net;
using WheelStrat.EndToEnd.Support;
using WheelStrat.Simulator.Faults;
using WheelStrat.Tws.Messages.Requests;

namespace WheelStrat.EndToEnd.History;

/// <summary>History requests IB leaves unanswered: cancelled at their deadline, sent again when the HMDS farm returns.</summary>
public sealed class HistoryOutageSpecs
{
    private const string Query = "/history?symbol=TSLA&duration=2%20D&barSize=1%20hour";

    [Fact]
    public async Task A_history_request_that_passes_its_deadline_is_cancelled_at_IB()
    {
        await using var sb = await SimulatedBridge.StartAsync(settings: new Dictionary<string, string?>
        {
            ["History:RequestTimeout"] = "00:00:02",
        });
        await SwallowHistoryAsync(sb);

        var response = await sb.Http.GetAsync(Query);

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        var sent = Assert.Single(sb.Gateway.Log.Of<ReqHistoricalData>(), h => h.Contract.Symbol == "TSLA");
        await SimulatedBridge.EventuallyAsync(() => sb.Gateway.Log.Of<CancelHistoricalData>().Any(c => c.ReqId == sent.ReqId), "cancelHistoricalData for the abandoned request");
        Assert.Equal(0, sb.Gateway.UnansweredHistoryRequests);
    }

    [Fact]
    public async Task A_history_request_made_during_an_HMDS_outage_is_answered_once_the_farm_returns()
    {
        await using var sb = await SimulatedBridge.StartAsync(settings: new Dictionary<string, string?>
        {
            ["History:Wait"] = "00:00:20",
            ["History:RequestTimeout"] = "00:00:20",
        });
        await WarmUpAsync(sb);
        sb.Gateway.HoldFarmDown(DataFarm.UsHmds);
        await sb.WaitForHealthAsync(h => h.GetProperty("farms").TryGetProperty("ushmds", out var f) && f.GetProperty("state").GetString() == "broken", "ushmds broken");

        var pending = sb.Http.GetAsync(Query);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.False(pending.IsCompleted);
        // IB would take it and never answer: nothing goes out while the farm is down.
        Assert.DoesNotContain(sb.Gateway.Log.Of<ReqHistoricalData>(), h => h.Contract.Symbol == "TSLA");
        sb.Gateway.RestoreFarm(DataFarm.UsHmds);

        var response = await pending;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_history_request_made_while_IB_is_lost_waits_for_1102_instead_of_failing()
    {
        await using var sb = await SimulatedBridge.StartAsync(settings: new Dictionary<string, string?>
        {
            ["History:Wait"] = "00:00:20",
        });
        await WarmUpAsync(sb);
        sb.Gateway.SendConnectivityLost();
        await sb.WaitForStatusAsync("degraded");

        var pending = sb.Http.GetAsync(Query);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.False(pending.IsCompleted);
        sb.Gateway.SendRestoredDataMaintained();

        var response = await pending;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_history_request_lost_when_the_HMDS_farm_broke_is_sent_again_when_it_returns()
    {
        await using var sb = await SimulatedBridge.StartAsync(settings: new Dictionary<string, string?>
        {
            ["History:Wait"] = "00:00:40",
            ["History:RequestTimeout"] = "00:00:40",
        });
        // The request reaches IB, then the farm breaks before it is answered: IB never answers it.
        await SwallowHistoryAsync(sb);
        var pending = sb.Http.GetAsync(Query);
        await SimulatedBridge.EventuallyAsync(() => sb.Gateway.Log.Of<ReqHistoricalData>().Any(h => h.Contract.Symbol == "TSLA"), "the request at IB");
        sb.Gateway.HoldFarmDown(DataFarm.UsHmds);
        sb.Gateway.Faults.HalfAnswering = false;
        await Task.Delay(TimeSpan.FromSeconds(1));
        sb.Gateway.RestoreFarm(DataFarm.UsHmds);

        var response = await pending;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var requests = sb.Gateway.Log.Of<ReqHistoricalData>().Where(h => h.Contract.Symbol == "TSLA").ToList();
        Assert.Equal(2, requests.Count);
        Assert.Contains(sb.Gateway.Log.Of<CancelHistoricalData>(), c => c.ReqId == requests[0].ReqId);
        Assert.Equal(0, sb.Gateway.PacingViolations);
    }

    /// <summary>IB takes history requests and never answers them (after the warm-up: contract lookups would go unanswered too).</summary>
    private static async Task SwallowHistoryAsync(SimulatedBridge sb)
    {
        await WarmUpAsync(sb);
        sb.Gateway.Faults.HalfAnswering = true;
    }

    /// <summary>The bar store opened by another query and TSLA qualified, so the query under test goes to IB at once.</summary>
    private static async Task WarmUpAsync(SimulatedBridge sb)
    {
        await sb.JsonAsync("/history?symbol=SPY&duration=1%20D&barSize=1%20hour");
        await sb.JsonAsync("/quote?symbol=TSLA");
    }
}
