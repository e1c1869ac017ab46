using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using WheelStrat.EndToEnd.Support;
using WheelStrat.Simulator;

namespace WheelStrat.EndToEnd.Orders;

/// <summary>
/// What the bridge says about an order is what IB did with it, whatever path the truth arrives by, and
/// the HTTP status never calls a failure a success: 201 only for what IB accepted, 422 for what IB (or a
/// rule) refused, 503 with Retry-After for what was never sent (the key stays free), 202 while IB's
/// answer is not known.
/// </summary>
public sealed class OrderTruthSpecs
{
    private const string SpyMarket = """{"symbol":"SPY","action":"BUY","quantity":3,"orderType":"MKT"}""";
    private const string AaplResting = """{"symbol":"AAPL","action":"BUY","quantity":1,"orderType":"LMT","limitPrice":150}""";

    [Theory]
    [InlineData(JournalDatabase.Sqlite)]
    [InlineData(JournalDatabase.PostgreSql)]
    public async Task An_order_filled_while_the_connection_was_down_is_Filled_after_the_reconnect_with_no_orderStatus(string journal)
    {
        var settings = (await JournalDatabase.CreateAsync(journal)).Settings;
        settings["Trading:SubmitWait"] = "00:00:01";
        await using var sb = await SimulatedBridge.StartAsync(settings: settings);
        const string key = "filled-while-down";
        sb.Gateway.Faults.FillWhileDisconnectedAfterNextPlaceOrder(TimeSpan.FromSeconds(4));

        // IB took it, but said nothing before the drop: not a success the bridge can claim, and not a failure.
        var (status, placed) = await sb.PlaceAsync(SpyMarket, key);
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("PendingSubmit", placed.GetProperty("status").GetString());
        var during = await Get(sb, $"/orders/{key}");
        Assert.True(during.GetProperty("uncertain").GetBoolean(), during.ToString());
        Assert.True(during.TryGetProperty("uncertainSince", out var since) && since.ValueKind == JsonValueKind.String, during.ToString());

        // The new session looks it up: completed at IB, with executions; no orderStatus ever comes for it.
        JsonElement order = default;
        await SimulatedBridge.EventuallyAsync(() => (order = Get(sb, $"/orders/{key}").Result).GetProperty("status").GetString() == "Filled",
            "the order shows Filled after the reconnect", TimeSpan.FromSeconds(30), () => order.ToString());
        var fill = Assert.Single(sb.Gateway.Fills, f => f.Execution.OrderRef == key);
        Assert.Equal(3m, order.GetProperty("filled").GetDecimal());
        Assert.Equal(0m, order.GetProperty("remaining").GetDecimal());
        Assert.Equal(fill.Execution.Price, order.GetProperty("avgFillPrice").GetDouble(), 6);
        Assert.False(order.GetProperty("uncertain").GetBoolean(), order.ToString());
        Assert.Single(sb.Gateway.Log.PlaceOrdersWithRef(key));
        Assert.DoesNotContain(key, Keys(await Get(sb, "/orders?status=open")));
    }

    [Fact]
    public async Task An_execution_moves_its_order_to_Filled_when_IB_sends_no_orderStatus_for_the_fill()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        const string key = "fill-without-status";
        await Get(sb, "/quote?symbol=AAPL");
        sb.Gateway.Faults.OmitOrderStatusOnFills = true;

        // Accepted and working; then it trades, and IB tells only by execDetails.
        var (status, placed) = await sb.PlaceAsync(AaplResting, key);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("Submitted", placed.GetProperty("status").GetString());
        sb.Gateway.PartialFill(key, 1);

        JsonElement order = default;
        await SimulatedBridge.EventuallyAsync(() => (order = Get(sb, $"/orders/{key}").Result).GetProperty("status").GetString() == "Filled",
            "the execution made the order Filled", TimeSpan.FromSeconds(15), () => order.ToString());
        Assert.Equal(1m, order.GetProperty("filled").GetDecimal());
        Assert.Equal(150, order.GetProperty("avgFillPrice").GetDouble(), 6);
        Assert.True(order.GetProperty("final").GetBoolean());
    }

    [Theory]
    [InlineData(JournalDatabase.Sqlite)]
    [InlineData(JournalDatabase.PostgreSql)]
    public async Task An_order_not_sent_during_1100_is_503_with_Retry_After_and_its_key_places_once_after_recovery(string journal)
    {
        await using var sb = await SimulatedBridge.StartAsync(settings: (await JournalDatabase.CreateAsync(journal)).Settings);
        const string key = "during-1100";
        await Get(sb, "/quote?symbol=SPY");
        sb.Gateway.SendConnectivityLost();
        await sb.WaitForHealthAsync(h => h.GetProperty("ibConnectivityLost").GetBoolean(), "1100");

        using (var refused = await sb.PostOrderAsync(SpyMarket, key))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "503 without Retry-After");
        }

        Assert.Empty(sb.Gateway.Log.PlaceOrdersWithRef(key));
        using (var missing = await sb.Http.GetAsync($"/orders/{key}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        // The key was not consumed: after IB is back, the same key places the order, once.
        sb.Gateway.SendRestoredDataMaintained();
        await sb.WaitForHealthAsync(h => !h.GetProperty("ibConnectivityLost").GetBoolean(), "1102");
        var (status, placed) = await sb.PlaceAsync(SpyMarket, key);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Contains(placed.GetProperty("status").GetString(), new[] { "Submitted", "Filled" });
        Assert.Single(sb.Gateway.Log.PlaceOrdersWithRef(key));
    }

    [Fact]
    public async Task An_order_while_the_gateway_is_down_is_503_with_Retry_After_and_nothing_is_kept()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        sb.Gateway.Faults.RefuseUntil(DateTimeOffset.UtcNow.AddMinutes(5));
        sb.Gateway.DropConnections();
        await sb.WaitForHealthAsync(h => !h.GetProperty("connected").GetBoolean(), "disconnected");

        using var refused = await sb.PostOrderAsync(SpyMarket, "while-down");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "503 without Retry-After");
        using var missing = await sb.Http.GetAsync("/orders/while-down");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData(JournalDatabase.Sqlite)]
    [InlineData(JournalDatabase.PostgreSql)]
    public async Task A_read_only_gateway_refusal_is_422_the_key_keeps_it_and_later_orders_are_refused_without_reaching_IB(string journal)
    {
        await using var sb = await SimulatedBridge.StartAsync(
            new SimulatorOptions { TickInterval = TimeSpan.FromMilliseconds(200), ReadOnly = true },
            (await JournalDatabase.CreateAsync(journal)).Settings);

        var (status, problem) = await sb.PlaceAsync(AaplResting, "ro-1");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal(321, problem.GetProperty("ibCode").GetInt32());
        Assert.Equal("Rejected", problem.GetProperty("order").GetProperty("status").GetString());

        // The key keeps IB's answer: a retry gets the same 422 and nothing is sent again.
        var (again, againProblem) = await sb.PlaceAsync(AaplResting, "ro-1");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again);
        Assert.Equal(321, againProblem.GetProperty("ibCode").GetInt32());
        Assert.Single(sb.Gateway.Log.PlaceOrdersWithRef("ro-1"));

        // The session is read-only: /health says so, and the next order is refused here, not at IB.
        var health = await sb.WaitForHealthAsync(h => h.GetProperty("status").GetString() == "degraded", "degraded (read-only)");
        Assert.Contains(health.GetProperty("degradedReasons").EnumerateArray(), r => r.GetString()!.Contains("read-only", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(JsonValueKind.String, health.GetProperty("readOnlySince").ValueKind);
        var (local, localProblem) = await sb.PlaceAsync(AaplResting, "ro-2");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, local);
        Assert.Equal(321, localProblem.GetProperty("ibCode").GetInt32());
        Assert.Empty(sb.Gateway.Log.PlaceOrdersWithRef("ro-2"));

        // Someone un-ticks Read-Only API and the gateway restarts: a new session trades again.
        sb.Gateway.Options.ReadOnly = false;
        var session = health.GetProperty("connectedSince").GetString();
        sb.Gateway.DropConnections();
        await sb.WaitForHealthAsync(h => h.GetProperty("status").GetString() == "ok" && h.GetProperty("connectedSince").GetString() != session, "a new session, ok");
        var (placed, order) = await sb.PlaceAsync(AaplResting, "ro-3");
        Assert.Equal(HttpStatusCode.Created, placed);
        Assert.Equal("Submitted", order.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData(JournalDatabase.Sqlite)]
    [InlineData(JournalDatabase.PostgreSql)]
    public async Task Fills_of_two_simulator_runs_on_one_journal_are_both_kept(string journal)
    {
        var database = await JournalDatabase.CreateAsync(journal);
        foreach (var key in new[] { "run-1", "run-2" })
        {
            await using var sb = await SimulatedBridge.StartAsync(settings: database.Settings);
            await sb.PlaceAsync(SpyMarket, key);
            await SimulatedBridge.EventuallyAsync(() => sb.Http.GetStringAsync("/executions").Result.Contains(key, StringComparison.Ordinal),
                $"the fill of {key} journaled", TimeSpan.FromSeconds(20));
        }

        await using var last = await SimulatedBridge.StartAsync(settings: database.Settings);
        var items = (await Get(last, "/executions")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["run-1", "run-2"], items.Select(i => i.GetProperty("orderRef").GetString()).Order().ToList());
        Assert.Equal(2, items.Select(i => i.GetProperty("execId").GetString()).Distinct().Count());
    }

    [Theory]
    [InlineData(JournalDatabase.Sqlite)]
    [InlineData(JournalDatabase.PostgreSql)]
    public async Task An_execution_that_reuses_a_known_execId_with_other_content_is_a_conflict_until_acknowledged(string journal)
    {
        await using var sb = await SimulatedBridge.StartAsync(settings: (await JournalDatabase.CreateAsync(journal)).Settings);
        await sb.PlaceAsync(SpyMarket, "conflict-first");
        await SimulatedBridge.EventuallyAsync(() => sb.Http.GetStringAsync("/executions").Result.Contains("conflict-first", StringComparison.Ordinal), "the first fill journaled");
        sb.Gateway.Faults.ReuseExecIdOnNextFill();
        await sb.PlaceAsync("""{"symbol":"AAPL","action":"SELL","quantity":2,"orderType":"MKT"}""", "conflict-second");
        var execId = Assert.Single(sb.Gateway.Fills, f => f.Execution.OrderRef == "conflict-first").Execution.ExecId;

        JsonElement conflicts = default;
        await SimulatedBridge.EventuallyAsync(() => (conflicts = Get(sb, "/executions/conflicts").Result).GetArrayLength() == 1,
            "one conflict listed", TimeSpan.FromSeconds(20), () => conflicts.ToString());
        var conflict = conflicts[0];
        Assert.Equal(execId, conflict.GetProperty("execId").GetString());
        Assert.Equal("conflict-first", conflict.GetProperty("existing").GetProperty("orderRef").GetString());
        Assert.Equal("conflict-second", conflict.GetProperty("incoming").GetProperty("orderRef").GetString());
        Assert.False(conflict.GetProperty("acknowledged").GetBoolean());

        // The ledger keeps the first; a sync that meets the same conflict again adds nothing.
        using (var sync = await sb.Http.PostAsync("/executions/sync", null))
        {
            Assert.Equal(HttpStatusCode.OK, sync.StatusCode);
        }

        var trades = (await Get(sb, "/executions")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(execId, Assert.Single(trades, t => t.GetProperty("execId").GetString() == execId).GetProperty("execId").GetString());
        Assert.Equal("conflict-first", trades.Single(t => t.GetProperty("execId").GetString() == execId).GetProperty("orderRef").GetString());
        Assert.Equal(1, (await Get(sb, "/executions/conflicts")).GetArrayLength());

        var health = await sb.WaitForHealthAsync(h => h.GetProperty("status").GetString() == "degraded", "degraded by the conflict");
        Assert.Contains(health.GetProperty("degradedReasons").EnumerateArray(), r => r.GetString()!.Contains(execId, StringComparison.Ordinal));
        await SimulatedBridge.EventuallyAsync(() => sb.Bridge.Http.GetStringAsync("/metrics").Result.Contains("wheelstrat_executions_conflicts", StringComparison.Ordinal),
            "the conflict counted in /metrics");

        using (var ack = await sb.Http.PostAsync($"/executions/conflicts/{execId}/acknowledge", null))
        {
            Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
            Assert.True((await ack.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("acknowledged").GetBoolean());
        }

        await sb.WaitForStatusAsync("ok");
        using var unknown = await sb.Http.PostAsync("/executions/conflicts/no-such-exec/acknowledge", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private static async Task<JsonElement> Get(SimulatedBridge sb, string path) =>
        await sb.Http.GetFromJsonAsync<JsonElement>(path);

    private static List<string?> Keys(JsonElement list) => [.. list.EnumerateArray().Select(o => o.GetProperty("idempotencyKey").GetString())];
}
