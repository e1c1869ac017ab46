using System.Text.Json;
using WheelStrat.EndToEnd.Support;
using WheelStrat.Simulator.Faults;
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

        sb.Gateway.StartCompetingSession();
        sb.Gateway.StartCompetingSession();
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

    /// <summary>
    /// A frame that arrives whole but does not decode costs that message only: the session lives (same
    /// connectedSince, no reconnect, the simulator saw no session end), later replies arrive on it, and the
    /// error is on /health, in /metrics by message id and in the log, without the frame's bytes.
    /// </summary>
    [Theory]
    [InlineData(MalformedFrame.BadField, 1)]
    [InlineData(MalformedFrame.Truncated, 1)]
    [InlineData(MalformedFrame.Empty, null)]
    [InlineData(MalformedFrame.BadMessageId, null)]
    public async Task A_message_that_does_not_decode_costs_that_message_not_the_session(MalformedFrame kind, int? messageId)
    {
        await using var sb = await SimulatedBridge.StartAsync();
        Assert.True((await sb.Http.GetAsync("/quote?symbol=AAPL")).IsSuccessStatusCode);
        var before = await sb.HealthAsync();

        sb.Gateway.SendMalformedFrame(kind, count: 3);
        var after = await sb.WaitForHealthAsync(
            h => DecodeErrors(h) >= 3 || h.GetProperty("lastDisconnectAt").ValueKind != JsonValueKind.Null,
            "the decode errors counted, or a disconnect");
        Assert.Equal(JsonValueKind.Null, after.GetProperty("lastDisconnectAt").ValueKind);

        // A later reply on the same connection: a new line needs contract details and ticks from the gateway.
        var quote = await sb.Http.GetAsync("/quote?symbol=MSFT");
        Assert.True(quote.IsSuccessStatusCode, $"/quote after the bad frame: {(int)quote.StatusCode}");
        var health = await sb.HealthAsync();
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal(before.GetProperty("connectedSince").GetString(), health.GetProperty("connectedSince").GetString());
        Assert.Equal(before.GetProperty("reconnectAttempts").GetInt64(), health.GetProperty("reconnectAttempts").GetInt64());
        Assert.Empty(sb.Gateway.Ended);

        Assert.Equal(3, DecodeErrors(health));
        Assert.NotEqual(JsonValueKind.Null, health.GetProperty("lastDecodeErrorAt").ValueKind);
        Assert.Equal(messageId, health.GetProperty("lastDecodeErrorMessageId") is { ValueKind: JsonValueKind.Number } id ? id.GetInt32() : null);
        Assert.False(string.IsNullOrEmpty(health.GetProperty("lastDecodeErrorReason").GetString()));

        var tag = $"message_id=\"{messageId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unreadable"}\"";
        await SimulatedBridge.EventuallyAsync(
            () => MetricLine(sb, "wheelstrat_tws_decode_errors", tag) is { } line && line.EndsWith(" 3", StringComparison.Ordinal),
            $"3 decode errors with {tag} in /metrics", lastSeen: () => MetricLine(sb, "wheelstrat_tws_decode_errors", tag) ?? "no such series");
        Assert.Contains(sb.Bridge.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("does not decode", StringComparison.Ordinal));
        Assert.DoesNotContain(sb.Bridge.Logs.Lines, l => l.Contains("NaNx", StringComparison.Ordinal) || l.Contains("garbage", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stream_of_messages_that_do_not_decode_is_degraded_on_the_same_session_then_ok_again()
    {
        await using var sb = await SimulatedBridge.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Gateway:DecodeErrorsDegradeAt"] = "5",
            ["Gateway:DecodeErrorWindow"] = "00:00:02",
        });
        var connectedSince = (await sb.HealthAsync()).GetProperty("connectedSince").GetString();

        sb.Gateway.SendMalformedFrame(MalformedFrame.BadField, count: 20);
        var degraded = await sb.WaitForStatusAsync("degraded");
        Assert.Contains(degraded.GetProperty("degradedReasons").EnumerateArray(),
            r => r.GetString()!.StartsWith("messages from IB do not decode: 5 within 2s, the last message id 1", StringComparison.Ordinal));
        Assert.True((await sb.Http.GetAsync("/quote?symbol=MSFT")).IsSuccessStatusCode);

        var ok = await sb.WaitForStatusAsync("ok");
        Assert.Equal(20, DecodeErrors(ok));
        Assert.Equal(connectedSince, ok.GetProperty("connectedSince").GetString());
        Assert.Empty(sb.Gateway.Ended);
    }

    [Fact]
    public async Task A_message_id_the_bridge_does_not_model_is_counted_and_ignored_not_an_error()
    {
        // The session must outlive the frames: heartbeats that a loaded machine answers late (2 misses of 1 s by
        // default here) would end it for a reason this spec is not about.
        await using var sb = await SimulatedBridge.StartAsync(settings: new Dictionary<string, string?> { ["Gateway:HeartbeatMisses"] = "30" });
        var before = await sb.HealthAsync();
        sb.Gateway.SendMalformedFrame(MalformedFrame.UnknownMessageId, count: 2);

        var tag = $"message_id=\"{MalformedFrames.UnknownMessageId}\"";
        string? last = null;
        await SimulatedBridge.EventuallyAsync(
            async () => (last = await MetricLineAsync(sb, "wheelstrat_tws_unknown_messages", tag)) is { } line && line.EndsWith(" 2", StringComparison.Ordinal),
            $"2 unknown messages with {tag} in /metrics", TimeSpan.FromSeconds(60), () => last ?? "no such series");
        Assert.True((await sb.Http.GetAsync("/quote?symbol=MSFT")).IsSuccessStatusCode);
        var health = await sb.HealthAsync();
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal(before.GetProperty("connectedSince").GetString(), health.GetProperty("connectedSince").GetString());
        Assert.Equal(0, DecodeErrors(health));
        Assert.Empty(sb.Gateway.Ended);
        Assert.DoesNotContain(sb.Bridge.Logs.Lines, l => (l.StartsWith("Warning", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal))
            && l.Contains("message id 999", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_impossible_length_prefix_is_a_framing_error_the_bridge_reconnects_and_recovers()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        var attempts = (await sb.HealthAsync()).GetProperty("reconnectAttempts").GetInt64();
        sb.Gateway.SendMalformedFrame(MalformedFrame.OversizedLength);
        var after = await sb.WaitForHealthAsync(h => h.GetProperty("reconnectAttempts").GetInt64() > attempts && h.GetProperty("status").GetString() == "ok", "a rebuilt connection");
        Assert.Contains("frame length", after.GetProperty("lastDisconnectReason").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, DecodeErrors(after));
        Assert.True((await sb.Http.GetAsync("/quote?symbol=AAPL")).IsSuccessStatusCode);
        Assert.True((await sb.Bridge.Http.GetAsync("/ping")).IsSuccessStatusCode);
    }

    private static long DecodeErrors(JsonElement health) =>
        health.TryGetProperty("decodeErrors", out var n) ? n.GetInt64() : 0;

    /// <summary>The /metrics line of one series with one label, if it is there yet (the exporter caches a scrape briefly).</summary>
    private static string? MetricLine(SimulatedBridge sb, string series, string label) => MetricLineAsync(sb, series, label).Result;

    /// <summary>As <see cref="MetricLine"/>, without holding a thread-pool thread while /metrics answers.</summary>
    private static async Task<string?> MetricLineAsync(SimulatedBridge sb, string series, string label) =>
        (await sb.Bridge.Http.GetStringAsync("/metrics")).Split('\n')
            .FirstOrDefault(l => l.StartsWith(series, StringComparison.Ordinal) && l.Contains(label, StringComparison.Ordinal));
}
