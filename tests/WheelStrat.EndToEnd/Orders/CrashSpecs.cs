using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using WheelStrat.EndToEnd.Support;
using WheelStrat.Simulator;
using WheelStrat.Simulator.Server;

namespace WheelStrat.EndToEnd.Orders;

/// <summary>
/// kill -9 the bridge process at the worst moments of an order, restart it on the same journal (a real
/// SQLite file or PostgreSQL database): the accepted order is placed exactly once, never twice, never
/// lost, and what IB did with it meanwhile (cancelled, partly or wholly filled) is what the bridge shows.
/// </summary>
public sealed class CrashSpecs
{
    [Theory]
    [InlineData(JournalDatabase.Sqlite)]
    [InlineData(JournalDatabase.PostgreSql)]
    public async Task Killed_between_journal_and_send_the_order_is_placed_once_after_restart(string journal)
    {
        await using var gateway = new PaperGateway(new SimulatorOptions { TickInterval = TimeSpan.FromMilliseconds(200) });
        await gateway.StartAsync();
        var db = await JournalDatabase.CreateAsync(journal);

        using (var first = BridgeProcess.Start(gateway.Port, new Dictionary<string, string>(db.Environment)
        {
            ["Trading__PauseBeforeSendForTests"] = "00:01:00",
        }))
        {
            await first.WaitUntilConnectedAsync();
            _ = Place(first, "crash-before-send");
            // The pause holds the order between "accepted and journaled" and "placeOrder sent": kill it there.
            await SimulatedBridge.EventuallyAsync(() => Status(first, "crash-before-send") == "New", "the order journaled as accepted");
            await first.KillHardAsync();
        }

        Assert.Empty(gateway.Log.PlaceOrdersWithRef("crash-before-send"));

        using var second = BridgeProcess.Start(gateway.Port, db.Environment);
        await second.WaitUntilConnectedAsync();
        await SimulatedBridge.EventuallyAsync(() => Status(second, "crash-before-send") == "Filled", "the recovered order filled");
        await Task.Delay(1000);
        Assert.Single(gateway.Log.PlaceOrdersWithRef("crash-before-send"));
        Assert.Single(gateway.Fills, f => f.Execution.OrderRef == "crash-before-send");
        await SimulatedBridge.EventuallyAsync(() => Trades(second).Count(t => t.GetProperty("orderRef").GetString() == "crash-before-send") == 1, "its fill journaled once");
    }

    [Theory]
    [InlineData(JournalDatabase.Sqlite)]
    [InlineData(JournalDatabase.PostgreSql)]
    public async Task Fills_that_happen_while_the_bridge_is_down_appear_after_restart_and_earlier_ones_survive(string journal)
    {
        await using var gateway = new PaperGateway(new SimulatorOptions { TickInterval = TimeSpan.FromMilliseconds(200) });
        await gateway.StartAsync();
        var db = await JournalDatabase.CreateAsync(journal);
        using (var first = BridgeProcess.Start(gateway.Port, db.Environment))
        {
            await first.WaitUntilConnectedAsync();
            await Place(first, "before-crash");
            await SimulatedBridge.EventuallyAsync(() => Trades(first).Any(t => t.GetProperty("orderRef").GetString() == "before-crash"), "the first fill journaled");
            await first.KillHardAsync();
        }

        // Another client trades while the bridge is down.
        await using (var other = await WheelStrat.Tws.Connection.TwsClientConnection.ConnectAsync(
            new WheelStrat.Tws.Connection.TwsConnectOptions("127.0.0.1", gateway.Port, 42), _ => { }, CancellationToken.None))
        {
            other.TrySend(new WheelStrat.Tws.Messages.Requests.PlaceOrder(1, WheelStrat.Tws.Messages.Contract.Stock("MSFT"),
                WheelStrat.Tws.Messages.Order.Market("SELL", 4) with { OrderRef = "while-down" }));
            await SimulatedBridge.EventuallyAsync(() => gateway.Fills.Any(f => f.Execution.OrderRef == "while-down"), "the other client's fill");
        }

        using var second = BridgeProcess.Start(gateway.Port, db.Environment);
        await second.WaitUntilConnectedAsync();
        await SimulatedBridge.EventuallyAsync(() => Trades(second).Any(t => t.GetProperty("orderRef").GetString() == "while-down"), "the missed fill synced on connect");
        var trades = Trades(second);
        Assert.Single(trades, t => t.GetProperty("orderRef").GetString() == "before-crash");
        Assert.Single(trades, t => t.GetProperty("orderRef").GetString() == "while-down");
        Assert.Equal(trades.Count, trades.Select(t => t.GetProperty("execId").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task Killed_after_send_before_any_status_the_order_is_found_at_IB_and_not_resent()
    {
        await using var gateway = new PaperGateway(new SimulatorOptions { TickInterval = TimeSpan.FromMilliseconds(200) });
        await gateway.StartAsync();
        var db = await JournalDatabase.CreateAsync(JournalDatabase.Sqlite);

        using (var first = BridgeProcess.Start(gateway.Port, db.Environment))
        {
            await first.WaitUntilConnectedAsync();
            gateway.Faults.StallAfterNextPlaceOrder(); // the order reaches IB; no status ever comes back
            _ = Place(first, "crash-after-send", limit: 150);
            await SimulatedBridge.EventuallyAsync(() => gateway.Log.PlaceOrdersWithRef("crash-after-send").Count == 1, "placeOrder reached IB");
            await first.KillHardAsync();
        }

        gateway.Faults.Stalled = false;
        using var second = BridgeProcess.Start(gateway.Port, db.Environment);
        await second.WaitUntilConnectedAsync();
        await SimulatedBridge.EventuallyAsync(() => Status(second, "crash-after-send") == "Submitted", "the order found at IB");
        await Task.Delay(1000);
        Assert.Single(gateway.Log.PlaceOrdersWithRef("crash-after-send"));
        var order = await second.Http.GetFromJsonAsync<JsonElement>("/orders/crash-after-send");
        Assert.Contains(order.GetProperty("notices").EnumerateArray(), n => n.GetString()!.Contains("found at IB", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(JournalDatabase.Sqlite)]
    [InlineData(JournalDatabase.PostgreSql)]
    public async Task Cancelled_at_IB_while_the_bridge_was_down_the_order_is_found_cancelled_and_not_sent_again(string journal)
    {
        await using var gateway = new PaperGateway(new SimulatorOptions { TickInterval = TimeSpan.FromMilliseconds(200) });
        await gateway.StartAsync();
        var db = await JournalDatabase.CreateAsync(journal);
        await PlaceThenKillBeforeAnyStatusAsync(gateway, db, "cancelled-while-down", quantity: 2);

        // Neither open nor executed any more: only the day's completed orders still know it.
        gateway.CancelFromTws("cancelled-while-down");

        using var second = BridgeProcess.Start(gateway.Port, db.Environment);
        await second.WaitUntilConnectedAsync();
        await SimulatedBridge.EventuallyAsync(() => Status(second, "cancelled-while-down") == "Cancelled", "the order found cancelled at IB",
            lastSeen: () => $"{Status(second, "cancelled-while-down")}");
        await Task.Delay(1000);
        Assert.Single(gateway.Log.PlaceOrdersWithRef("cancelled-while-down"));
        var order = View(second, "cancelled-while-down")!.Value;
        Assert.True(order.GetProperty("final").GetBoolean());
        Assert.Equal(0m, order.GetProperty("filled").GetDecimal());
        Assert.Contains(order.GetProperty("notices").EnumerateArray(), n => n.GetString()!.Contains("found at IB, completed (Cancelled", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(JournalDatabase.Sqlite, false)]
    [InlineData(JournalDatabase.Sqlite, true)]
    [InlineData(JournalDatabase.PostgreSql, false)]
    [InlineData(JournalDatabase.PostgreSql, true)]
    public async Task Partly_filled_while_the_bridge_was_down_the_order_shows_the_quantity_IB_filled(string journal, bool cancelledAfterwards)
    {
        await using var gateway = new PaperGateway(new SimulatorOptions { TickInterval = TimeSpan.FromMilliseconds(200) });
        await gateway.StartAsync();
        var db = await JournalDatabase.CreateAsync(journal);
        await PlaceThenKillBeforeAnyStatusAsync(gateway, db, "partly-while-down", quantity: 10);
        gateway.PartialFill("partly-while-down", 4);
        if (cancelledAfterwards)
        {
            gateway.CancelFromTws("partly-while-down");
        }

        using var second = BridgeProcess.Start(gateway.Port, db.Environment);
        await second.WaitUntilConnectedAsync();
        var expected = cancelledAfterwards ? "Cancelled" : "PartiallyFilled";
        await SimulatedBridge.EventuallyAsync(() => Status(second, "partly-while-down") == expected, $"the order found {expected} at IB",
            lastSeen: () => $"{Status(second, "partly-while-down")}");
        var order = View(second, "partly-while-down")!.Value;
        Assert.Equal(4m, order.GetProperty("filled").GetDecimal());
        Assert.Equal(6m, order.GetProperty("remaining").GetDecimal());
        Assert.Equal(cancelledAfterwards, order.GetProperty("final").GetBoolean());
        Assert.Single(gateway.Log.PlaceOrdersWithRef("partly-while-down"));
        await SimulatedBridge.EventuallyAsync(() => Trades(second).Count(t => t.GetProperty("orderRef").GetString() == "partly-while-down") == 1, "its fill journaled once");

        if (!cancelledAfterwards)
        {
            // Still working, and followed again: the rest fills and the order ends Filled.
            gateway.PartialFill("partly-while-down", 6);
            await SimulatedBridge.EventuallyAsync(() => Status(second, "partly-while-down") == "Filled", "the rest filled");
            Assert.Equal(10m, View(second, "partly-while-down")!.Value.GetProperty("filled").GetDecimal());
        }

        Assert.Single(gateway.Log.PlaceOrdersWithRef("partly-while-down"));
    }

    /// <summary>A resting buy reaches IB, no status ever comes back, and the bridge is killed -9.</summary>
    private static async Task PlaceThenKillBeforeAnyStatusAsync(PaperGateway gateway, JournalDatabase db, string key, decimal quantity)
    {
        using (var first = BridgeProcess.Start(gateway.Port, db.Environment))
        {
            await first.WaitUntilConnectedAsync();
            gateway.Faults.StallAfterNextPlaceOrder();
            _ = Place(first, key, limit: 150, quantity: quantity);
            await SimulatedBridge.EventuallyAsync(() => gateway.Log.PlaceOrdersWithRef(key).Count == 1, "placeOrder reached IB");
            await first.KillHardAsync();
        }

        gateway.Faults.Stalled = false;
    }

    private static Task<HttpResponseMessage> Place(BridgeProcess bridge, string key, decimal? limit = null, decimal quantity = 2)
    {
        var body = limit is { } l
            ? $$"""{"symbol":"AAPL","action":"BUY","quantity":{{quantity}},"orderType":"LMT","limitPrice":{{l}}}"""
            : $$"""{"symbol":"AAPL","action":"BUY","quantity":{{quantity}},"orderType":"MKT"}""";
        var request = new HttpRequestMessage(HttpMethod.Post, "/order") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return bridge.Http.SendAsync(request);
    }

    private static List<JsonElement> Trades(BridgeProcess bridge) =>
        [.. bridge.Http.GetFromJsonAsync<JsonElement>("/executions").Result.GetProperty("items").EnumerateArray()];

    private static string? Status(BridgeProcess bridge, string key) => View(bridge, key)?.GetProperty("status").GetString();

    private static JsonElement? View(BridgeProcess bridge, string key)
    {
        try
        {
            var response = bridge.Http.GetAsync($"/orders/{key}").Result;
            return response.IsSuccessStatusCode ? response.Content.ReadFromJsonAsync<JsonElement>().Result : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
