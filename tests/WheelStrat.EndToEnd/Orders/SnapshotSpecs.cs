using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using WheelStrat.EndToEnd.Support;
using WheelStrat.Simulator;
using WheelStrat.Simulator.Server;

namespace WheelStrat.EndToEnd.Orders;

/// <summary>Long streams are snapshotted; a restart recovers from snapshot plus the events after it.</summary>
public sealed class SnapshotSpecs
{
    [Fact]
    public async Task The_execution_journal_recovers_from_its_snapshots_after_kill_9()
    {
        await using var gateway = new PaperGateway(new SimulatorOptions());
        await gateway.StartAsync();
        var db = await JournalDatabase.CreateAsync(JournalDatabase.Sqlite);
        var environment = new Dictionary<string, string>(db.Environment) { ["Executions__SnapshotEvery"] = "2" };

        using (var first = BridgeProcess.Start(gateway.Port, environment))
        {
            await first.WaitUntilConnectedAsync();
            for (var i = 0; i < 3; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/order")
                {
                    Content = new StringContent("""{"symbol":"SPY","action":"BUY","quantity":1,"orderType":"MKT"}""", Encoding.UTF8, "application/json"),
                };
                request.Headers.Add("Idempotency-Key", $"snap-{i}");
                await first.Http.SendAsync(request);
            }

            await SimulatedBridge.EventuallyAsync(() => Trades(first).Count(t => t.GetProperty("commission").ValueKind == JsonValueKind.Number) == 3, "three fills with commissions");
            await SimulatedBridge.EventuallyAsync(() => Snapshots(db.Value) > 0, "a snapshot saved");
            await first.KillHardAsync();
        }

        using var second = BridgeProcess.Start(gateway.Port, environment);
        await second.WaitUntilConnectedAsync();
        var trades = await TradesOnceAnsweredAsync(second);
        Assert.Equal(3, trades.Count);
        Assert.All(trades, t => Assert.Equal(1.0, t.GetProperty("commission").GetDouble()));
        Assert.Equal(trades.Count, trades.Select(t => t.GetProperty("execId").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task An_order_snapshots_deletes_the_events_its_snapshot_covers_and_recovers_after_kill_9()
    {
        await using var gateway = new PaperGateway(new SimulatorOptions { PartialFillAbove = 5 });
        await gateway.StartAsync();
        var db = await JournalDatabase.CreateAsync(JournalDatabase.Sqlite);
        var environment = new Dictionary<string, string>(db.Environment) { ["Trading__SnapshotEvery"] = "3", ["Executions__SnapshotEvery"] = "2" };
        const string Key = "snap-order";
        JsonElement before;

        using (var first = BridgeProcess.Start(gateway.Port, environment))
        {
            await first.WaitUntilConnectedAsync();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/order")
            {
                Content = new StringContent("""{"symbol":"SPY","action":"BUY","quantity":10,"orderType":"MKT"}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", Key);
            await first.Http.SendAsync(request);
            await SimulatedBridge.EventuallyAsync(() => Order(first, Key)?.GetProperty("status").GetString() == "Filled", "the order filled in two parts");
            await SimulatedBridge.EventuallyAsync(() => Snapshots(db.Value, "order-" + Key) > 0, "an order snapshot saved");
            // Accepted, id, submitted, statuses and two executions: more events than one snapshot interval, and
            // those a snapshot covers are gone; one snapshot is kept.
            await SimulatedBridge.EventuallyAsync(() => Snapshots(db.Value, "order-" + Key) == 1 && Events(db.Value, "order-" + Key) < 3, "only the newest snapshot and the events after it");
            await SimulatedBridge.EventuallyAsync(() => Snapshots(db.Value, "executions") == 1 && Events(db.Value, "executions") < 2, "the execution journal trimmed too");
            before = Order(first, Key)!.Value;
            await first.KillHardAsync();
        }

        using var second = BridgeProcess.Start(gateway.Port, environment);
        await second.WaitUntilConnectedAsync();
        string last = "";
        await SimulatedBridge.EventuallyAsync(
            () => { var r = second.Http.GetAsync($"/orders/{Key}").Result; last = $"{(int)r.StatusCode} {r.Content.ReadAsStringAsync().Result}"; return r.IsSuccessStatusCode; },
            "the order answered after the restart", lastSeen: () => last);
        var after = Order(second, Key)!.Value;
        Assert.Equal(before.GetProperty("status").GetString(), after.GetProperty("status").GetString());
        Assert.Equal(10, after.GetProperty("filled").GetDecimal());
        Assert.Equal(before.GetProperty("avgFillPrice").GetDouble(), after.GetProperty("avgFillPrice").GetDouble());
        Assert.Equal(before.GetProperty("orderId").GetInt32(), after.GetProperty("orderId").GetInt32());
        Assert.Equal(2, (await TradesOnceAnsweredAsync(second)).Count);
        Assert.Single(gateway.Log.PlaceOrdersWithRef(Key));
    }

    private static JsonElement? Order(BridgeProcess bridge, string key)
    {
        using var response = bridge.Http.GetAsync($"/orders/{key}").Result;
        return response.IsSuccessStatusCode ? JsonDocument.Parse(response.Content.ReadAsStringAsync().Result).RootElement.Clone() : null;
    }

    private static long Events(string path, string persistenceId) =>
        Count(path, "select count(*) from journal where persistence_id = $id and deleted = 0", persistenceId);

    private static long Snapshots(string path, string persistenceId) =>
        Count(path, "select count(*) from snapshot where persistence_id = $id", persistenceId);

    private static long Count(string path, string sql, string persistenceId)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", persistenceId);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>
    /// The trades, once the restarted journal answers: connected says the gateway singleton is up, not that the
    /// journal beside it has recovered, and a loaded machine can take longer than /executions' deadline for that.
    /// </summary>
    private static async Task<List<JsonElement>> TradesOnceAnsweredAsync(BridgeProcess bridge)
    {
        var last = "";
        await SimulatedBridge.EventuallyAsync(async () =>
        {
            using var response = await bridge.Http.GetAsync("/executions");
            last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            return response.IsSuccessStatusCode;
        }, "/executions answered after the restart", TimeSpan.FromSeconds(60), () => last);
        return Trades(bridge);
    }

    private static List<JsonElement> Trades(BridgeProcess bridge) =>
        [.. bridge.Http.GetFromJsonAsync<JsonElement>("/executions").Result.GetProperty("items").EnumerateArray()];

    private static long Snapshots(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "select count(*) from snapshot where persistence_id = 'executions'";
        return (long)command.ExecuteScalar()!;
    }
}
