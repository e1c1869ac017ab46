using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using WheelStrat.EndToEnd.Bridge;
using WheelStrat.EndToEnd.Support;
using WheelStrat.Simulator;
using WheelStrat.Simulator.Server;

namespace WheelStrat.EndToEnd.Orders;

/// <summary>
/// kill -9 the bridge process at the worst moments of an order, restart it on the same journal (a real
/// SQLite file): the accepted order is placed exactly once, never twice, and never lost.
/// </summary>
public sealed class CrashSpecs
{
    [Fact]
    public async Task Killed_between_journal_and_send_the_order_is_placed_once_after_restart()
    {
        await using var gateway = new PaperGateway(new SimulatorOptions { TickInterval = TimeSpan.FromMilliseconds(200) });
        await gateway.StartAsync();
        var db = ShutdownSpecs.TempDb();

        using (var first = BridgeProcess.Start(gateway.Port, new Dictionary<string, string>
        {
            ["Persistence__SqlitePath"] = db,
            ["Trading__PauseBeforeSendForTests"] = "00:01:00",
        }))
        {
            await first.WaitUntilConnectedAsync();
            _ = Place(first, "crash-before-send");
            await SimulatedBridge.EventuallyAsync(() => Journaled(db, "order-crash-before-send", "order-id-assigned.v1"), "the order id journaled");
            await first.KillHardAsync();
        }

        Assert.Empty(gateway.Log.PlaceOrdersWithRef("crash-before-send"));

        using var second = BridgeProcess.Start(gateway.Port, new Dictionary<string, string> { ["Persistence__SqlitePath"] = db });
        await second.WaitUntilConnectedAsync();
        await SimulatedBridge.EventuallyAsync(() => Status(second, "crash-before-send") == "Filled", "the recovered order filled");
        await Task.Delay(1000);
        Assert.Single(gateway.Log.PlaceOrdersWithRef("crash-before-send"));
        Assert.Single(gateway.Fills, f => f.Execution.OrderRef == "crash-before-send");
    }

    [Fact]
    public async Task Killed_after_send_before_any_status_the_order_is_found_at_IB_and_not_resent()
    {
        await using var gateway = new PaperGateway(new SimulatorOptions { TickInterval = TimeSpan.FromMilliseconds(200) });
        await gateway.StartAsync();
        var db = ShutdownSpecs.TempDb();

        using (var first = BridgeProcess.Start(gateway.Port, new Dictionary<string, string> { ["Persistence__SqlitePath"] = db }))
        {
            await first.WaitUntilConnectedAsync();
            gateway.Faults.SlowRepliesMs = 5000; // statuses arrive too late for this process
            _ = Place(first, "crash-after-send", limit: 150);
            await SimulatedBridge.EventuallyAsync(() => gateway.Log.PlaceOrdersWithRef("crash-after-send").Count == 1, "placeOrder reached IB");
            await first.KillHardAsync();
        }

        gateway.Faults.SlowRepliesMs = 0;
        using var second = BridgeProcess.Start(gateway.Port, new Dictionary<string, string> { ["Persistence__SqlitePath"] = db });
        await second.WaitUntilConnectedAsync();
        await SimulatedBridge.EventuallyAsync(() => Status(second, "crash-after-send") == "Submitted", "the order found at IB");
        await Task.Delay(1000);
        Assert.Single(gateway.Log.PlaceOrdersWithRef("crash-after-send"));
        var order = await second.Http.GetFromJsonAsync<JsonElement>("/orders/crash-after-send");
        Assert.Contains(order.GetProperty("notices").EnumerateArray(), n => n.GetString()!.Contains("found at IB", StringComparison.Ordinal));
    }

    private static Task<HttpResponseMessage> Place(BridgeProcess bridge, string key, decimal? limit = null)
    {
        var body = limit is { } l
            ? $$"""{"symbol":"AAPL","action":"BUY","quantity":2,"orderType":"LMT","limitPrice":{{l}}}"""
            : """{"symbol":"AAPL","action":"BUY","quantity":2,"orderType":"MKT"}""";
        var request = new HttpRequestMessage(HttpMethod.Post, "/order") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return bridge.Http.SendAsync(request);
    }

    private static string? Status(BridgeProcess bridge, string key)
    {
        try
        {
            var response = bridge.Http.GetAsync($"/orders/{key}").Result;
            return response.IsSuccessStatusCode ? response.Content.ReadFromJsonAsync<JsonElement>().Result.GetProperty("status").GetString() : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static bool Journaled(string db, string persistenceId, string manifest)
    {
        if (!File.Exists(db))
        {
            return false;
        }

        using var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "select count(*) from journal where persistence_id = $id and manifest = $m";
        command.Parameters.AddWithValue("$id", persistenceId);
        command.Parameters.AddWithValue("$m", manifest);
        try
        {
            return (long)command.ExecuteScalar()! > 0;
        }
        catch (SqliteException)
        {
            return false; // tables not created yet
        }
    }
}
