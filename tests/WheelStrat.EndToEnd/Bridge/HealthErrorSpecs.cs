using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using WheelStrat.EndToEnd.Support;

namespace WheelStrat.EndToEnd.Bridge;

/// <summary>
/// /health's lastIbError* is the last thing that failed, so "poll /health after a drop" finds the cause; IB's routine
/// notices (202 after a cancel, farm and delayed-data notices) go to lastIbNotice* instead, and refused reconnects
/// are in the timeline.
/// </summary>
public sealed class HealthErrorSpecs
{
    [Fact]
    public async Task A_cancel_notice_does_not_overwrite_the_last_error()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        using (var unknown = await sb.Http.GetAsync("/quote?symbol=NOSUCH"))
        {
            Assert.False(unknown.IsSuccessStatusCode);
        }

        var failed = await sb.WaitForHealthAsync(h => h.GetProperty("lastIbErrorCode").ValueKind == JsonValueKind.Number, "the 200 as last error");
        var errorCode = failed.GetProperty("lastIbErrorCode").GetInt32();

        using var order = new HttpRequestMessage(HttpMethod.Post, "/order")
        {
            Content = new StringContent("""{"symbol":"AAPL","action":"BUY","quantity":1,"orderType":"LMT","limitPrice":150}""", Encoding.UTF8, "application/json"),
        };
        order.Headers.Add("Idempotency-Key", "notice-1");
        using (var placed = await sb.Http.SendAsync(order))
        {
            Assert.True(placed.IsSuccessStatusCode, await placed.Content.ReadAsStringAsync());
        }

        using (var cancelled = await sb.Http.DeleteAsync("/orders/notice-1"))
        {
            Assert.True(cancelled.IsSuccessStatusCode, await cancelled.Content.ReadAsStringAsync());
        }

        var health = await sb.WaitForHealthAsync(h => h.GetProperty("lastIbNoticeCode").ValueKind == JsonValueKind.Number
            && h.GetProperty("lastIbNoticeCode").GetInt32() == 202, "the 202 as last notice");
        Assert.Equal(errorCode, health.GetProperty("lastIbErrorCode").GetInt32());
        Assert.StartsWith("Order Canceled", health.GetProperty("lastIbNoticeMessage").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_reconnect_attempts_are_in_the_timeline()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        sb.Gateway.DailyRestart(TimeSpan.FromSeconds(3));
        var health = await sb.WaitForHealthAsync(
            h => h.GetProperty("timeline").EnumerateArray().Any(e => e.GetProperty("kind").GetString() == "connectFailed"),
            "a refused reconnect in the timeline");
        var failure = health.GetProperty("timeline").EnumerateArray().Last(e => e.GetProperty("kind").GetString() == "connectFailed");
        Assert.Equal(health.GetProperty("lastReconnectError").GetString(), failure.GetProperty("detail").GetString());
        await sb.WaitForStatusAsync("ok");
    }
}
