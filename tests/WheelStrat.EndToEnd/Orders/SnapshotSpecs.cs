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
        var trades = Trades(second);
        Assert.Equal(3, trades.Count);
        Assert.All(trades, t => Assert.Equal(1.0, t.GetProperty("commission").GetDouble()));
        Assert.Equal(trades.Count, trades.Select(t => t.GetProperty("execId").GetString()).Distinct().Count());
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
