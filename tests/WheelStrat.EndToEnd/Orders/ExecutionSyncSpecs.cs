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
}
