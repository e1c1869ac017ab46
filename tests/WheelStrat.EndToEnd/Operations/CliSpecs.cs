using System.Text.Json;
using WheelStrat.EndToEnd.Support;

namespace WheelStrat.EndToEnd.Operations;

/// <summary>The real wsctl against a real bridge and simulator: tables, --json, and exit codes.</summary>
public sealed class CliSpecs
{
    [Fact]
    public async Task Health_is_a_table_or_json_and_exits_0_when_healthy_and_1_when_degraded()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        var table = await CliRunner.RunAsync(sb.Bridge.Url, null, "health");
        Assert.Equal(0, table.ExitCode);
        Assert.Matches(@"status\s+ok", table.Output);
        Assert.Matches(@"farm usfarm\s+marketData ok", table.Output);

        var json = await CliRunner.RunAsync(sb.Bridge.Url, null, "health", "--json");
        Assert.Equal("ok", JsonDocument.Parse(json.Output).RootElement.GetProperty("status").GetString());

        sb.Gateway.SendMalformedFrame(WheelStrat.Simulator.Faults.MalformedFrame.BadField);
        await sb.WaitForHealthAsync(h => h.GetProperty("decodeErrors").GetInt64() == 1, "the decode error");
        var skipped = await CliRunner.RunAsync(sb.Bridge.Url, null, "health");
        Assert.Equal(0, skipped.ExitCode);
        Assert.Matches(@"decodeErrors\s+1 \S+ message id 1: field 4: not a valid double", skipped.Output);

        sb.Gateway.SendConnectivityLost();
        await sb.WaitForStatusAsync("degraded");
        Assert.Equal(1, (await CliRunner.RunAsync(sb.Bridge.Url, null, "health")).ExitCode);
    }

    [Fact]
    public async Task Health_exits_2_when_disconnected_and_3_when_unreachable()
    {
        await using var stalled = new StallingGateway();
        await using var bridge = await BridgeUnderTest.StartAsync(stalled.Port);
        Assert.Equal(2, (await CliRunner.RunAsync(bridge.Url, null, "health")).ExitCode);
        var unreachable = await CliRunner.RunAsync("http://127.0.0.1:1", null, "health");
        Assert.Equal(3, unreachable.ExitCode);
        Assert.Contains("unreachable", unreachable.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Protected_commands_exit_4_without_a_key_and_show_data_with_one()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        Assert.Equal(4, (await CliRunner.RunAsync(sb.Bridge.Url, null, "actors")).ExitCode);

        var actors = await CliRunner.RunAsync(sb.Bridge.Url, BridgeUnderTest.KeyA, "actors");
        Assert.Equal(0, actors.ExitCode);
        Assert.Contains("gateway-connection", actors.Output, StringComparison.Ordinal);
        Assert.Contains("market-data-manager", actors.Output, StringComparison.Ordinal);

        var quote = await CliRunner.RunAsync(sb.Bridge.Url, BridgeUnderTest.KeyA, "quote", "AAPL");
        Assert.Equal(0, quote.ExitCode);
        Assert.Matches(@"bid\s+\d+", quote.Output);

        var quoteJson = await CliRunner.RunAsync(sb.Bridge.Url, BridgeUnderTest.KeyA, "quote", "AAPL", "--json");
        Assert.True(JsonDocument.Parse(quoteJson.Output).RootElement.GetProperty("complete").GetBoolean());

        foreach (var (key, limit) in new[] { ("cli-resting", 150), ("cli-newer", 151) })
        {
            using var place = new HttpRequestMessage(HttpMethod.Post, "/order")
            {
                Content = new StringContent($$"""{"symbol":"AAPL","action":"BUY","quantity":1,"orderType":"LMT","limitPrice":{{limit}}}""", System.Text.Encoding.UTF8, "application/json"),
            };
            place.Headers.Add("Idempotency-Key", key);
            Assert.True((await sb.Http.SendAsync(place)).IsSuccessStatusCode);
        }

        var orders = await CliRunner.RunAsync(sb.Bridge.Url, BridgeUnderTest.KeyA, "orders", "--status", "open", "--limit", "1", "--json");
        Assert.Equal(0, orders.ExitCode);
        Assert.Equal(["cli-newer"], JsonDocument.Parse(orders.Output).RootElement.EnumerateArray().Select(o => o.GetProperty("idempotencyKey").GetString()));
        var table = await CliRunner.RunAsync(sb.Bridge.Url, BridgeUnderTest.KeyA, "orders");
        Assert.Contains("cli-resting", table.Output, StringComparison.Ordinal);
        var badStatus = await CliRunner.RunAsync(sb.Bridge.Url, BridgeUnderTest.KeyA, "orders", "--status", "closed");
        Assert.NotEqual(0, badStatus.ExitCode);
        Assert.Contains("status", badStatus.Output + badStatus.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_and_jobs_come_as_tables_from_the_store()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        var history = await CliRunner.RunAsync(sb.Bridge.Url, BridgeUnderTest.KeyA, "history", "SPY", "--duration", "2 D", "--end", "2026-11-21T00:00:00Z");
        Assert.Equal(0, history.ExitCode);
        Assert.Contains("2026-11-20T14:30:00", history.Output, StringComparison.Ordinal);
        Assert.Contains("14 rows", history.Output, StringComparison.Ordinal);

        var beyondIb = await CliRunner.RunAsync(sb.Bridge.Url, BridgeUnderTest.KeyA, "history", "SPY", "--duration", "10 Y", "--bar-size", "1 secs");
        Assert.Equal(5, beyondIb.ExitCode);
        Assert.Contains("HTTP 400", beyondIb.Output, StringComparison.Ordinal);
        Assert.Contains("largest duration allowed is 183 D", beyondIb.Output, StringComparison.Ordinal);

        using var submitted = await sb.Http.PostAsync("/history/jobs", new StringContent(
            """{"symbol":"SPY","expirationsAhead":1,"strikeWindowPct":1,"rights":"P","from":"2026-11-19","to":"2026-11-21"}""", System.Text.Encoding.UTF8, "application/json"));
        var id = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        var jobs = await CliRunner.RunAsync(sb.Bridge.Url, BridgeUnderTest.KeyA, "jobs");
        Assert.Equal(0, jobs.ExitCode);
        Assert.Contains(id, jobs.Output, StringComparison.Ordinal);
        Assert.Equal(id, JsonDocument.Parse((await CliRunner.RunAsync(sb.Bridge.Url, BridgeUnderTest.KeyA, "jobs", id, "--json")).Output).RootElement.GetProperty("id").GetString());
        Assert.Equal(5, (await CliRunner.RunAsync(sb.Bridge.Url, BridgeUnderTest.KeyA, "jobs", "hj-none")).ExitCode);
    }

    [Fact]
    public async Task Diag_runs_the_old_scripts_checks_with_times_and_verdicts()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        var diag = await CliRunner.RunAsync(sb.Bridge.Url, null, "diag", "--connect-once", "--json");
        var checks = JsonDocument.Parse(diag.Output).RootElement.EnumerateArray().ToList();
        Assert.Equal(["ping", "health (connect=false)", "health (connect=true)", "executions (api key)"], checks.Select(c => c.GetProperty("name").GetString()));
        Assert.Equal("OK", checks[0].GetProperty("verdict").GetString());
        Assert.Equal("OK", checks[1].GetProperty("verdict").GetString());
        Assert.Equal("SKIP", checks[3].GetProperty("verdict").GetString());
        Assert.True(checks[0].GetProperty("ms").GetDouble() >= 0);
        Assert.Equal(0, diag.ExitCode);

        var unreachable = await CliRunner.RunAsync("http://127.0.0.1:1", null, "diag");
        Assert.Equal(3, unreachable.ExitCode);
        Assert.Contains("FAIL", unreachable.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_prints_quotes_orders_and_fills_as_they_come_and_replays_from_an_id()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        var quotes = await CliRunner.RunAsync(sb.Bridge.Url, BridgeUnderTest.KeyA, "watch", "AAPL", "MSFT", "--max-events", "5");
        Assert.True(quotes.ExitCode == 0, quotes.ToString());
        Assert.Contains("health", quotes.Output, StringComparison.Ordinal);
        Assert.Matches(@"quote\s+(AAPL|MSFT)\s+bid \d", quotes.Output);

        await sb.PlaceAsync("""{"symbol":"AAPL","action":"BUY","quantity":5,"orderType":"MKT"}""", "watch-1");
        await using (var stream = await SseClient.OpenAsync(sb.Bridge.Url, "orders=true&executions=true&health=false", lastEventId: 0))
        {
            await stream.WaitForAsync("execution", t => t.GetProperty("commission").ValueKind == JsonValueKind.Number, "the fill with its commission");
            await stream.WaitForAsync("order", o => o.GetProperty("status").GetString() == "Filled", "the order filled");

            // Replaying from just before an event prints that event first: one order and one execution, by id.
            var filled = stream.Of("order").First(o => o.Json.GetProperty("status").GetString() == "Filled").Id!.Value;
            var commissioned = stream.Of("execution").First(t => t.Json.GetProperty("commission").ValueKind == JsonValueKind.Number).Id!.Value;
            var order = await CliRunner.RunAsync(sb.Bridge.Url, BridgeUnderTest.KeyA, "watch", "--orders", "--no-health", "--after", Id(filled - 1), "--max-events", "1");
            Assert.True(order.ExitCode == 0, order.ToString());
            Assert.Matches(@"order\s+\[\d+\] watch-1\s+#\d+\s+Filled", order.Output);
            var fill = await CliRunner.RunAsync(sb.Bridge.Url, BridgeUnderTest.KeyA, "watch", "--executions", "--no-health", "--after", Id(commissioned - 1), "--max-events", "1");
            Assert.True(fill.ExitCode == 0, fill.ToString());
            Assert.Matches(@"execution\s+\[\d+\] \S+\s+BOT 5 AAPL @ [\d.]+\s+commission 1 ", fill.Output);
        }

        var json = await CliRunner.RunAsync(sb.Bridge.Url, BridgeUnderTest.KeyA, "watch", "--orders", "--after", "0", "--max-events", "2", "--json");
        var lines = json.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(lines, l => l.GetProperty("event").GetString() == "order" && l.GetProperty("id").GetInt64() > 0);

        var refused = await CliRunner.RunAsync(sb.Bridge.Url, BridgeUnderTest.KeyA, "watch", "NOT A SYMBOL");
        Assert.Equal(5, refused.ExitCode);
        Assert.Contains("HTTP 400", refused.Output, StringComparison.Ordinal);
        Assert.Equal(4, (await CliRunner.RunAsync(sb.Bridge.Url, null, "watch", "AAPL")).ExitCode);
    }

    private static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Bad_usage_exits_64()
    {
        Assert.Equal(64, (await CliRunner.RunAsync("http://127.0.0.1:1", null, "no-such-command")).ExitCode);
    }
}
