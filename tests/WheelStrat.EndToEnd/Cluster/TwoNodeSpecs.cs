using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Akka.Actor;
using Akka.Cluster;
using WheelStrat.EndToEnd.Support;
using WheelStrat.Simulator;
using WheelStrat.Simulator.Server;

namespace WheelStrat.EndToEnd.Cluster;

/// <summary>
/// The configuration a single bridge runs, as a 2-node cluster on one PostgreSQL journal: two real bridges in this
/// process (Kestrel, actors, remoting on loopback) against one simulator. The node holding the IB session and the
/// orders stops; the other takes both over, answers every order from its journal, and places nothing twice.
/// </summary>
public sealed class TwoNodeSpecs
{
    private const string Resting = """{"symbol":"AAPL","action":"BUY","quantity":10,"orderType":"LMT","limitPrice":165}""";
    private const string Market = """{"symbol":"SPY","action":"BUY","quantity":1,"orderType":"MKT"}""";

    [PostgreSqlFact]
    public async Task Orders_survive_their_node_leaving_and_are_placed_once()
    {
        await using var gateway = new PaperGateway(new SimulatorOptions { TickInterval = TimeSpan.FromMilliseconds(200) });
        await gateway.StartAsync();
        var db = await JournalDatabase.CreateAsync(JournalDatabase.PostgreSql);

        var first = await BridgeUnderTest.StartAsync(gateway.Port, db.Settings);
        BridgeUnderTest? second = null;
        try
        {
            var seed = Akka.Cluster.Cluster.Get(first.Service<ActorSystem>()).SelfAddress.ToString();
            second = await BridgeUnderTest.StartAsync(gateway.Port, new Dictionary<string, string?>(db.Settings) { ["Cluster:SeedNodes:0"] = seed });
            await SimulatedBridge.EventuallyAsync(() => UpMembers(first) == 2 && UpMembers(second) == 2, "both nodes up in one cluster", TimeSpan.FromSeconds(60));
            await SimulatedBridge.EventuallyAsync(async () => await StatusAsync(first) == "ok", "the first node connected to IB", TimeSpan.FromSeconds(60));

            var keys = new Dictionary<string, string>
            {
                ["two-node-rest-1"] = "Submitted",
                ["two-node-rest-2"] = "Submitted",
                ["two-node-rest-3"] = "Submitted",
                ["two-node-fill-1"] = "Filled",
            };
            foreach (var (key, _) in keys)
            {
                using var placed = await PostOrderAsync(first, key.Contains("fill", StringComparison.Ordinal) ? Market : Resting, key);
                Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
            }

            foreach (var (key, status) in keys)
            {
                await SimulatedBridge.EventuallyAsync(async () => (await OrderAsync(first, key))?.GetProperty("status").GetString() == status, $"{key} {status} on the first node");
            }

            // The oldest node holds the IB session, so the order entities live there, not on the second node.
            Assert.Equal(keys.Count, await OrderEntitiesAsync(first));
            Assert.Equal(0, await OrderEntitiesAsync(second));

            await first.DisposeAsync();
            first = null;

            await SimulatedBridge.EventuallyAsync(async () => await StatusAsync(second) == "ok", "the second node took the IB session over", TimeSpan.FromSeconds(60));
            foreach (var (key, status) in keys)
            {
                JsonElement? seen = null;
                await SimulatedBridge.EventuallyAsync(
                    async () => (seen = await OrderAsync(second, key)) is { } o && o.GetProperty("status").GetString() == status && !o.GetProperty("uncertain").GetBoolean(),
                    $"{key} answered {status} by the second node from its journal", TimeSpan.FromSeconds(60), () => seen?.ToString() ?? "no answer");
            }

            var list = await second.Authorized.GetFromJsonAsync<JsonElement>("/orders");
            Assert.Equal(keys.Keys.Order(), list.EnumerateArray().Select(o => o.GetProperty("idempotencyKey").GetString()!).Order());
            Assert.Equal(keys.Count, await OrderEntitiesAsync(second));
            // Give a wrong resend the time it would need to show.
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.All(keys.Keys, key => Assert.Single(gateway.Log.PlaceOrdersWithRef(key)));
        }
        finally
        {
            if (second is not null)
            {
                await second.DisposeAsync();
            }

            if (first is not null)
            {
                await first.DisposeAsync();
            }
        }
    }

    private static int UpMembers(BridgeUnderTest bridge) =>
        Akka.Cluster.Cluster.Get(bridge.Service<ActorSystem>()).State.Members.Count(m => m.Status == MemberStatus.Up);

    private static async Task<string?> StatusAsync(BridgeUnderTest bridge) =>
        (await bridge.Http.GetFromJsonAsync<JsonElement>("/health")).GetProperty("status").GetString();

    private static async Task<HttpResponseMessage> PostOrderAsync(BridgeUnderTest bridge, string body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/order") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return await bridge.Authorized.SendAsync(request);
    }

    private static async Task<JsonElement?> OrderAsync(BridgeUnderTest bridge, string key)
    {
        using var response = await bridge.Authorized.GetAsync($"/orders/{key}");
        return response.IsSuccessStatusCode ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone() : null;
    }

    private static async Task<int> OrderEntitiesAsync(BridgeUnderTest bridge) =>
        (await bridge.Authorized.GetFromJsonAsync<JsonElement>("/admin/actors")).GetProperty("actors").EnumerateArray()
            .Count(a => a.GetProperty("kind").GetString() == "order");
}
