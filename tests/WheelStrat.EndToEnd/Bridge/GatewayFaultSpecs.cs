using System.Text.Json;
using WheelStrat.EndToEnd.Support;
using WheelStrat.Tws.Messages.Requests;

namespace WheelStrat.EndToEnd.Bridge;

/// <summary>
/// One test per fault kind of the simulator: what /health shows before, during and after, and that the
/// bridge recovers by itself. Real bridge, real simulator, real sockets, real HTTP.
/// </summary>
public sealed class GatewayFaultSpecs
{
    private static readonly Dictionary<string, string?> FastLogin = new()
    {
        ["Gateway:AwaitingLoginAfter"] = "00:00:02",
        ["Gateway:AwaitingLoginRetryInterval"] = "00:00:01",
    };

    [Fact]
    public async Task Drop_is_visible_and_the_bridge_reconnects_by_itself()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        var before = await sb.HealthAsync();
        Assert.True(before.GetProperty("connected").GetBoolean());

        sb.Gateway.DropConnections();
        var after = await sb.WaitForHealthAsync(h => h.GetProperty("lastDisconnectAt").ValueKind != JsonValueKind.Null && h.GetProperty("status").GetString() == "ok", "a reconnect after the drop");
        Assert.Equal("the gateway closed the connection", after.GetProperty("lastDisconnectReason").GetString());
        Assert.True(after.GetProperty("reconnectAttempts").GetInt64() >= 2);
    }

    [Fact]
    public async Task Daily_restart_refuses_for_a_while_then_the_bridge_is_back()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        sb.Gateway.DailyRestart(TimeSpan.FromSeconds(3));
        var during = await sb.WaitForHealthAsync(h => h.GetProperty("reconnectFailures").GetInt64() >= 1, "a refused reconnect");
        Assert.False(during.GetProperty("connected").GetBoolean());
        Assert.NotNull(during.GetProperty("lastReconnectError").GetString());
        await sb.WaitForStatusAsync("ok");
    }

    [Fact]
    public async Task Long_refusal_is_awaiting_login_with_a_capped_rate_and_recovers_without_restart()
    {
        await using var sb = await SimulatedBridge.StartAsync(settings: FastLogin);
        sb.Gateway.Faults.RefuseUntil(DateTimeOffset.UtcNow.AddHours(1));
        sb.Gateway.DropConnections();
        var waiting = await sb.WaitForStatusAsync("awaitingLogin");
        Assert.Equal("00:00:01", waiting.GetProperty("reconnectDelay").GetString());

        // The rate is capped: over 3 s at most about one attempt a second.
        var attempts = waiting.GetProperty("reconnectAttempts").GetInt64();
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.InRange((await sb.HealthAsync()).GetProperty("reconnectAttempts").GetInt64() - attempts, 1, 5);

        sb.Gateway.Faults.StopRefusing();
        await sb.WaitForStatusAsync("ok");
    }

    [Fact]
    public async Task A_stalled_gateway_is_dropped_after_missed_heartbeats_and_reconnected_when_it_answers()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        sb.Gateway.Faults.Stalled = true;
        var stalled = await sb.WaitForHealthAsync(h => h.GetProperty("heartbeatFailures").GetInt64() >= 2 && !h.GetProperty("connected").GetBoolean(), "the stall detected");
        Assert.Contains("heartbeat", stalled.GetProperty("lastDisconnectReason").GetString(), StringComparison.Ordinal);

        sb.Gateway.Faults.Stalled = false;
        await sb.WaitForStatusAsync("ok");
    }

    [Fact]
    public async Task Connectivity_lost_degrades_and_restored_is_ok_again()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        sb.Gateway.SendConnectivityLost();
        var degraded = await sb.WaitForStatusAsync("degraded");
        Assert.True(degraded.GetProperty("ibConnectivityLost").GetBoolean());
        Assert.Equal(1100, degraded.GetProperty("lastIbErrorCode").GetInt32());

        sb.Gateway.SendRestoredDataLost();
        await sb.WaitForStatusAsync("ok");
        sb.Gateway.SendConnectivityLost();
        await sb.WaitForStatusAsync("degraded");
        sb.Gateway.SendRestoredDataMaintained();
        var ok = await sb.WaitForStatusAsync("ok");
        // Restored is good news: a notice; the last error stays the loss that happened.
        Assert.Equal(1100, ok.GetProperty("lastIbErrorCode").GetInt32());
        Assert.Equal(1102, ok.GetProperty("lastIbNoticeCode").GetInt32());
    }

    [Fact]
    public async Task A_burst_of_competing_session_notices_is_one_health_event()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        foreach (var symbol in new[] { "AAPL", "MSFT", "SPY", "QQQ", "NVDA" })
        {
            Assert.True((await sb.Http.GetAsync($"/quote?symbol={symbol}")).IsSuccessStatusCode);
        }

        sb.Gateway.SendCompetingSession();
        sb.Gateway.SendCompetingSession();
        var health = await sb.WaitForHealthAsync(h => h.GetProperty("competingSessionNotices").GetInt64() >= 10, "ten 10197 notices");
        Assert.Single(health.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "10197");
    }

    [Fact]
    public async Task Client_id_in_use_rotates_backs_off_and_never_holds_two_sockets()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        var firstId = (await sb.HealthAsync()).GetProperty("clientId").GetInt32();
        sb.Gateway.Faults.ClientIdInUse(2); // 7 and 8 refused in turn; the pool's third id gets in
        sb.Gateway.DropConnections();

        var maxSockets = 0;
        var watch = Task.Run(async () =>
        {
            for (var i = 0; i < 100; i++)
            {
                maxSockets = Math.Max(maxSockets, sb.Gateway.ConnectedClients.Count);
                await Task.Delay(50);
            }
        });
        var back = await sb.WaitForHealthAsync(h => h.GetProperty("status").GetString() == "ok" && h.GetProperty("reconnectAttempts").GetInt64() >= 4, "reconnected after two 326s");
        await watch;
        Assert.Equal(7, firstId);
        Assert.Equal(9, back.GetProperty("clientId").GetInt32());
        Assert.True(maxSockets <= 1, $"{maxSockets} sockets at once");
        Assert.Contains(back.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "326");
        Assert.True(sb.Gateway.Log.Of<StartApi>().Count >= 4);
    }

    [Fact]
    public async Task A_malformed_frame_rebuilds_the_connection_and_the_process_lives()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        var attempts = (await sb.HealthAsync()).GetProperty("reconnectAttempts").GetInt64();
        sb.Gateway.SendMalformedFrame();
        var after = await sb.WaitForHealthAsync(h => h.GetProperty("reconnectAttempts").GetInt64() > attempts && h.GetProperty("status").GetString() == "ok", "a rebuilt connection");
        Assert.Contains("connection error", after.GetProperty("lastDisconnectReason").GetString(), StringComparison.Ordinal);
        Assert.True((await sb.Bridge.Http.GetAsync("/ping")).IsSuccessStatusCode);
    }
}
