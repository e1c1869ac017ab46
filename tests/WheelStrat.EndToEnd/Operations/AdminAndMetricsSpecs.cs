using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using WheelStrat.EndToEnd.Support;

namespace WheelStrat.EndToEnd.Operations;

public sealed class AdminAndMetricsSpecs
{
    [Fact]
    public async Task Admin_actors_shows_one_child_per_instrument_and_order_and_counts_restarts()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        await sb.Http.GetAsync("/quote?symbol=AAPL");
        await sb.Http.GetAsync("/quote?symbol=TSLA");
        using var order = new HttpRequestMessage(HttpMethod.Post, "/order")
        {
            Content = new StringContent("""{"symbol":"AAPL","action":"BUY","quantity":1,"orderType":"LMT","limitPrice":170}""", Encoding.UTF8, "application/json"),
        };
        order.Headers.Add("Idempotency-Key", "admin-1");
        await sb.Http.SendAsync(order);

        var tree = await sb.Http.GetFromJsonAsync<JsonElement>("/admin/actors");
        var actors = tree.GetProperty("actors").EnumerateArray().ToList();
        Assert.Equal(["AAPL", "TSLA"], actors.Where(a => a.GetProperty("kind").GetString() == "instrument").Select(a => a.GetProperty("owns").GetString()).Order());
        Assert.Single(actors, a => a.GetProperty("kind").GetString() == "order" && a.GetProperty("owns").GetString() == "admin-1");
        var connection = actors.Single(a => a.GetProperty("kind").GetString() == "gateway-connection");
        Assert.Equal("Ok", connection.GetProperty("state").GetString());
        Assert.Equal(0, connection.GetProperty("restarts").GetInt32());

        var path = connection.GetProperty("path").GetString();
        Assert.Equal(HttpStatusCode.Accepted, (await sb.Http.PostAsync($"/admin/actors/fail?path={Uri.EscapeDataString(path!)}", null)).StatusCode);
        await SimulatedBridge.EventuallyAsync(() =>
        {
            var now = sb.Http.GetFromJsonAsync<JsonElement>("/admin/actors").Result;
            return now.GetProperty("actors").EnumerateArray().Any(a => a.GetProperty("path").GetString() == path && a.GetProperty("restarts").GetInt32() == 1);
        }, "the connection actor restarted once");
        await sb.WaitForStatusAsync("ok");
    }

    [Fact]
    public async Task Metrics_expose_the_named_series_after_real_traffic()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        await sb.Http.GetAsync("/quote?symbol=AAPL");
        await sb.Http.GetAsync("/history?symbol=AAPL&duration=1%20D&barSize=1%20hour");
        using (var order = new HttpRequestMessage(HttpMethod.Post, "/order")
        {
            Content = new StringContent("""{"symbol":"AAPL","action":"BUY","quantity":1,"orderType":"MKT"}""", Encoding.UTF8, "application/json"),
        })
        {
            order.Headers.Add("Idempotency-Key", "metrics-1");
            await sb.Http.SendAsync(order);
        }

        await SimulatedBridge.EventuallyAsync(() => sb.Http.GetStringAsync("/executions").Result.Contains("metrics-1", StringComparison.Ordinal), "the fill journaled");
        sb.Gateway.SendConnectivityLost();
        await sb.WaitForStatusAsync("degraded");

        string[] series =
        [
            "http_server_request_duration_seconds", "wheelstrat_gateway_status", "wheelstrat_gateway_connect_attempts", "wheelstrat_ib_errors",
            "wheelstrat_marketdata_lines", "wheelstrat_history_requests", "wheelstrat_history_queue",
            "wheelstrat_orders_transitions", "wheelstrat_executions_synced", "wheelstrat_journal_write_latency",
            "wheelstrat_gateway_outbound_messages", "wheelstrat_gateway_outbound_wait", "wheelstrat_gateway_outbound_queued",
        ];
        string text = "";
        await SimulatedBridge.EventuallyAsync(() =>
        {
            // The exporter caches a scrape briefly: poll until every series has shown up.
            text = sb.Bridge.Http.GetStringAsync("/metrics").Result;
            return series.All(name => text.Contains(name, StringComparison.Ordinal));
        }, "every named series in /metrics");

        Assert.Contains("code=\"1100\"", text, StringComparison.Ordinal);
        Assert.Contains("status=\"Filled\"", text, StringComparison.Ordinal);
    }
}
