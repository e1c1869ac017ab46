using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using WheelStrat.EndToEnd.Support;
using WheelStrat.Simulator;
using WheelStrat.Tws.Messages.Requests;

namespace WheelStrat.EndToEnd.Orders;

/// <summary>The old bridge's paper-trading checks and the idempotency promise, end to end.</summary>
public sealed class OrderSpecs
{
    [Theory]
    [InlineData(JournalDatabase.Sqlite)]
    [InlineData(JournalDatabase.PostgreSql)]
    public async Task Limit_buy_far_below_the_market_rests_as_submitted(string journal)
    {
        await using var sb = await SimulatedBridge.StartAsync(settings: (await JournalDatabase.CreateAsync(journal)).Settings);
        var (status, order) = await sb.PlaceAsync("""{"symbol":"AAPL","action":"BUY","quantity":10,"orderType":"LMT","limitPrice":165}""", "lmt-buy-1");
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("Submitted", order.GetProperty("status").GetString());
        Assert.Equal("lmt-buy-1", Assert.Single(sb.Gateway.Log.Of<PlaceOrder>()).Order.OrderRef);
    }

    [Fact]
    public async Task The_order_list_filters_by_open_or_final_and_limits_newest_first()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        await sb.PlaceAsync("""{"symbol":"AAPL","action":"BUY","quantity":1,"orderType":"LMT","limitPrice":150}""", "list-resting");
        await sb.PlaceAsync("""{"symbol":"SPY","action":"BUY","quantity":1,"orderType":"MKT"}""", "list-filled");
        await SimulatedBridge.EventuallyAsync(() => Get(sb, "/orders/list-filled").Result.GetProperty("status").GetString() == "Filled", "the market order filled");
        await sb.PlaceAsync("""{"symbol":"MSFT","action":"BUY","quantity":1,"orderType":"LMT","limitPrice":100}""", "list-newest");

        Assert.Equal(["list-newest", "list-resting"], Keys(await Get(sb, "/orders?status=open")));
        Assert.Equal(["list-filled"], Keys(await Get(sb, "/orders?status=final")));
        Assert.Equal(["list-newest"], Keys(await Get(sb, "/orders?limit=1")));
        Assert.Equal(3, Keys(await Get(sb, "/orders")).Count);

        foreach (var (query, field) in new[] { ("status=closed", "status"), ("limit=0", "limit"), ("limit=abc", "limit") })
        {
            using var bad = await sb.Http.GetAsync($"/orders?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), query);
        }
    }

    [Fact]
    public async Task Pages_of_the_order_list_follow_the_Link_header_and_cover_every_order_once()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        var keys = Enumerable.Range(1, 7).Select(i => $"page-{i}").ToList();
        foreach (var key in keys)
        {
            await sb.PlaceAsync("""{"symbol":"AAPL","action":"BUY","quantity":1,"orderType":"LMT","limitPrice":150}""", key);
        }

        var seen = new List<string?>();
        var url = "/orders?status=open&limit=3";
        var pages = 0;
        while (url is not null && pages++ < 10)
        {
            using var response = await sb.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            seen.AddRange(Keys(await response.Content.ReadFromJsonAsync<JsonElement>()));
            url = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split('<', '>')[1] : null;
            Assert.True(url is null || url.Contains("status=open", StringComparison.Ordinal), url);
        }

        // 3 + 3 + 1: the last page is not full, so it links nowhere; newest first, nothing twice, nothing missed.
        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(keys), seen);

        using var unknown = await sb.Http.GetAsync("/orders?before=no-such-order");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("before", out _));
    }

    [Fact]
    public async Task An_idle_final_order_stops_and_the_next_request_brings_it_back_from_the_journal()
    {
        await using var sb = await SimulatedBridge.StartAsync(settings: new Dictionary<string, string?> { ["Trading:PassivateAfter"] = "00:00:00.300" });
        await sb.PlaceAsync("""{"symbol":"SPY","action":"BUY","quantity":2,"orderType":"MKT"}""", "passivate-1");
        await SimulatedBridge.EventuallyAsync(() => Get(sb, "/orders/passivate-1").Result.GetProperty("status").GetString() == "Filled", "the order filled");

        for (var round = 0; round < 3; round++)
        {
            await SimulatedBridge.EventuallyAsync(() => !OrderActorAlive(sb, "passivate-1"), "the order's actor passivated");
            var again = await Get(sb, "/orders/passivate-1");
            Assert.Equal("Filled", again.GetProperty("status").GetString());
            Assert.Equal(2, again.GetProperty("filled").GetDecimal());
            Assert.True(OrderActorAlive(sb, "passivate-1"), "a request brings the order back");
        }

        // Requests arriving around the moment it stops are held and answered, never lost.
        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            await Task.Delay(i * 25);
            using var response = await sb.Http.GetAsync("/orders/passivate-1");
            return response.StatusCode;
        }));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a));
        Assert.Single(sb.Gateway.Log.Of<PlaceOrder>());
    }

    [Theory]
    [InlineData(JournalDatabase.Sqlite)]
    [InlineData(JournalDatabase.PostgreSql)]
    public async Task Market_buy_fills(string journal)
    {
        await using var sb = await SimulatedBridge.StartAsync(settings: (await JournalDatabase.CreateAsync(journal)).Settings);
        var (status, order) = await sb.PlaceAsync("""{"symbol":"AAPL","action":"BUY","quantity":5,"orderType":"MKT"}""", "mkt-buy-1");
        Assert.Equal(HttpStatusCode.Created, status);
        var id = order.GetProperty("orderId").GetInt32();
        await SimulatedBridge.EventuallyAsync(() => Get(sb, $"/orders/{id}").Result.GetProperty("status").GetString() == "Filled", "the order filled");
        var filled = await Get(sb, "/orders/mkt-buy-1");
        Assert.Equal(5, filled.GetProperty("filled").GetDecimal());
        Assert.True(filled.GetProperty("avgFillPrice").GetDouble() > 0);
        Assert.Single(sb.Gateway.Fills, f => f.Execution.OrderRef == "mkt-buy-1");

        // The trade journal has it once, with its commission (IB's $1 minimum for 5 shares).
        await SimulatedBridge.EventuallyAsync(() => Trades(sb).Any(t => t.GetProperty("orderRef").GetString() == "mkt-buy-1"
            && t.GetProperty("commission").ValueKind == JsonValueKind.Number), "the fill in /executions with its commission");
        var trade = Assert.Single(Trades(sb), t => t.GetProperty("orderRef").GetString() == "mkt-buy-1");
        Assert.Equal(1.0, trade.GetProperty("commission").GetDouble());
        Assert.Equal("BOT", trade.GetProperty("side").GetString());
        Assert.EndsWith("+00:00", trade.GetProperty("time").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(JournalDatabase.Sqlite)]
    [InlineData(JournalDatabase.PostgreSql)]
    public async Task Limit_sell_on_an_option_is_resolved_and_submitted(string journal)
    {
        await using var sb = await SimulatedBridge.StartAsync(settings: (await JournalDatabase.CreateAsync(journal)).Settings);
        var chain = await Get(sb, "/option-chain?symbol=AAPL");
        var expiration = chain.GetProperty("expirations")[2].GetString();
        var quote = await Get(sb, $"/quote?symbol=AAPL&secType=OPT&expiration={expiration}&strike=175&right=P");
        var limit = Math.Round(quote.GetProperty("ask").GetDouble() * 1.1, 2);
        var body = $$"""{"symbol":"AAPL","secType":"OPT","expiration":"{{expiration}}","strike":175,"right":"P","action":"SELL","quantity":1,"orderType":"LMT","limitPrice":{{limit.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}""";
        var (status, order) = await sb.PlaceAsync(body, "csp-1");
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("Submitted", order.GetProperty("status").GetString());
        Assert.True(order.GetProperty("conId").GetInt32() > 0);
        Assert.StartsWith("AAPL", order.GetProperty("localSymbol").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_margin_refusal_answers_Rejected_with_IBs_reason_not_a_bare_Inactive()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        var expiration = (await Get(sb, "/option-chain?symbol=AAPL")).GetProperty("expirations")[2].GetString();
        var body = $$"""{"symbol":"AAPL","secType":"OPT","expiration":"{{expiration}}","strike":175,"right":"P","action":"SELL","quantity":1,"orderType":"LMT","limitPrice":50}""";
        sb.Gateway.Faults.RejectForMargin();

        // IB sends orderStatus Inactive first and error 201 right after: the caller gets a 422 with the reason.
        var (status, problem) = await sb.PlaceAsync(body, "csp-margin");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal(201, problem.GetProperty("ibCode").GetInt32());
        Assert.Contains("INITIAL MARGIN", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var order = problem.GetProperty("order");
        Assert.Equal("Rejected", order.GetProperty("status").GetString());
        Assert.Equal(201, order.GetProperty("errorCode").GetInt32());

        // The key keeps IB's answer: the same request again is the same 422, and nothing is sent twice.
        var (again, _) = await sb.PlaceAsync(body, "csp-margin");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again);

        // Final: not open, not cancellable, and a new session does not revive it.
        var id = order.GetProperty("orderId").GetInt32();
        Assert.Equal(HttpStatusCode.Conflict, (await sb.Http.DeleteAsync($"/orders/{id}")).StatusCode);
        var session = (await sb.HealthAsync()).GetProperty("connectedSince").GetString();
        sb.Gateway.DropConnections();
        await sb.WaitForHealthAsync(h => h.GetProperty("connected").GetBoolean() && h.GetProperty("connectedSince").GetString() != session, "a new session");
        var after = await Get(sb, $"/orders/{id}");
        Assert.Equal("Rejected", after.GetProperty("status").GetString());
        Assert.Equal(201, after.GetProperty("errorCode").GetInt32());
        Assert.DoesNotContain("csp-margin", Keys(await Get(sb, "/orders?status=open")));
        Assert.Single(sb.Gateway.Log.PlaceOrdersWithRef("csp-margin"));

        // Only that order was refused: the next one is at IB.
        var (_, next) = await sb.PlaceAsync(body, "csp-after-margin");
        Assert.Equal("Submitted", next.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_order_actor_restarted_before_IB_answered_finds_its_order_at_IB_and_places_nothing_twice()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        const string key = "restart-in-flight";
        await Get(sb, "/quote?symbol=SPY"); // contract and quote known: the order goes out without asking IB
        sb.Gateway.Faults.SlowRepliesMs = 2000;
        var placing = sb.PlaceAsync("""{"symbol":"SPY","action":"BUY","quantity":1,"orderType":"LMT","limitPrice":100}""", key);
        await SimulatedBridge.EventuallyAsync(() => sb.Gateway.Log.PlaceOrdersWithRef(key).Count == 1, "the order reached IB");

        // IB has it, its status is on the way, and the order's actor restarts: it recovers as "sent, no word
        // from IB" and looks itself up while the gateway still routes its messages to it.
        var actors = (await Get(sb, "/admin/actors")).GetProperty("actors").EnumerateArray();
        var path = actors.Single(a => a.GetProperty("kind").GetString() == "order" && a.GetProperty("owns").GetString() == key).GetProperty("path").GetString();
        Assert.Equal(HttpStatusCode.Accepted, (await sb.Http.PostAsync($"/admin/actors/fail?path={Uri.EscapeDataString(path!)}", null)).StatusCode);
        sb.Gateway.Faults.SlowRepliesMs = 0;

        // The caller is answered at the restart with what the journal holds, not left to its deadline: sent, and
        // IB has not said yet, so 202 (not 201, which only IB's acceptance earns).
        var (status, answer) = await placing.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(key, answer.GetProperty("idempotencyKey").GetString());

        await SimulatedBridge.EventuallyAsync(() => Get(sb, $"/orders/{key}").Result.GetProperty("notices").EnumerateArray()
            .Any(n => n.GetString()!.StartsWith("reconciled:", StringComparison.Ordinal) || n.GetString()!.Contains("not found at IB", StringComparison.Ordinal)),
            "the restarted order looked itself up");
        await Task.Delay(500);
        var placed = sb.Gateway.Log.PlaceOrdersWithRef(key);
        Assert.True(placed.Count == 1, $"placed {placed.Count} times, order ids {string.Join(", ", placed.Select(p => p.OrderId))}");
        Assert.Equal("Submitted", (await Get(sb, $"/orders/{key}")).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData(JournalDatabase.Sqlite)]
    [InlineData(JournalDatabase.PostgreSql)]
    public async Task The_same_key_twenty_times_at_once_places_one_order(string journal)
    {
        await using var sb = await SimulatedBridge.StartAsync(settings: (await JournalDatabase.CreateAsync(journal)).Settings);
        const string body = """{"symbol":"MSFT","action":"BUY","quantity":1,"orderType":"LMT","limitPrice":380}""";
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => sb.PlaceAsync(body, "same-key")));
        Assert.All(results, r => Assert.True(r.Status is HttpStatusCode.Created or HttpStatusCode.OK, r.Status.ToString()));
        Assert.Single(results.Select(r => r.Body.GetProperty("orderId").GetInt32()).Distinct());
        Assert.Single(sb.Gateway.Log.PlaceOrdersWithRef("same-key"));
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_409()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        await sb.PlaceAsync("""{"symbol":"MSFT","action":"BUY","quantity":1,"orderType":"LMT","limitPrice":380}""", "k-409");
        var (status, problem) = await sb.PlaceAsync("""{"symbol":"MSFT","action":"BUY","quantity":2,"orderType":"LMT","limitPrice":380}""", "k-409");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal(1, problem.GetProperty("existing").GetProperty("quantity").GetDecimal());
        Assert.Single(sb.Gateway.Log.PlaceOrdersWithRef("k-409"));
    }

    [Fact]
    public async Task Cancel_then_cancel_again_is_409()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        var (_, order) = await sb.PlaceAsync("""{"symbol":"SPY","action":"BUY","quantity":1,"orderType":"LMT","limitPrice":500}""", "to-cancel");
        var id = order.GetProperty("orderId").GetInt32();
        Assert.Equal(HttpStatusCode.Accepted, (await sb.Http.DeleteAsync($"/orders/{id}")).StatusCode);
        await SimulatedBridge.EventuallyAsync(() => Get(sb, $"/orders/{id}").Result.GetProperty("status").GetString() == "Cancelled", "cancelled");
        Assert.Equal(HttpStatusCode.Conflict, (await sb.Http.DeleteAsync($"/orders/{id}")).StatusCode);
    }

    [Fact]
    public async Task Read_only_mode_places_nothing()
    {
        await using var sb = await SimulatedBridge.StartAsync(settings: new Dictionary<string, string?> { ["Trading:ReadOnly"] = "true" });
        var (status, problem) = await sb.PlaceAsync("""{"symbol":"AAPL","action":"BUY","quantity":1,"orderType":"LMT","limitPrice":180}""", "ro-1");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("read-only", problem.GetProperty("rule").GetString());
        Assert.Empty(sb.Gateway.Log.Of<PlaceOrder>());
    }

    [Theory]
    [InlineData("""{"symbol":"AAPL","action":"BUY","quantity":1,"orderType":"MKT","secType":"OPT","expiration":"20261218","strike":180,"right":"P"}""", "no-market-orders-on-options")]
    [InlineData("""{"symbol":"AAPL","action":"BUY","quantity":100000,"orderType":"LMT","limitPrice":1}""", "max-quantity")]
    [InlineData("""{"symbol":"AAPL","action":"BUY","quantity":900,"orderType":"LMT","limitPrice":189}""", "max-notional")]
    [InlineData("""{"symbol":"AAPL","action":"BUY","quantity":1,"orderType":"LMT","limitPrice":400}""", "price-band")]
    public async Task Safety_rules_refuse_with_422_naming_the_rule_and_nothing_reaches_IB(string body, string rule)
    {
        await using var sb = await SimulatedBridge.StartAsync(settings: new Dictionary<string, string?> { ["Trading:MaxNotional"] = "100000" });
        var (status, problem) = await sb.PlaceAsync(body, "rule-" + rule);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal(rule, problem.GetProperty("rule").GetString());
        Assert.Empty(sb.Gateway.Log.Of<PlaceOrder>());
    }

    [Theory]
    [InlineData("""[1,2]""", "body")]
    [InlineData("""{"symbol":"AAPL","action":"BUY","quantity":"lots","orderType":"LMT","limitPrice":1}""", "quantity")]
    [InlineData("""{"symbol":"AAPL","action":"BUY","quantity":1e400,"orderType":"LMT","limitPrice":1}""", "quantity")]
    [InlineData("""{"symbol":"AAPL","action":"SHORT","quantity":1,"orderType":"LMT","limitPrice":1}""", "action")]
    [InlineData("""{"symbol":"AAPL","action":"BUY","quantity":1,"orderType":"STP","limitPrice":1}""", "orderType")]
    [InlineData("""{"symbol":"AAPL","action":"BUY","quantity":1,"orderType":"LMT"}""", "limitPrice")]
    [InlineData("""{"symbol":"AAPL","action":"BUY","quantity":1,"orderType":"LMT","limitPrice":-5}""", "limitPrice")]
    [InlineData("""{"symbol":"","action":"BUY","quantity":1,"orderType":"LMT","limitPrice":1}""", "symbol")]
    [InlineData("""{"symbol":"AAPL","action":"BUY","quantity":1,"orderType":"LMT","limitPrice":1,"tif":"FOREVER"}""", "tif")]
    [InlineData("""not json""", "body")]
    public async Task Bad_order_bodies_are_400_naming_the_field(string body, string field)
    {
        await using var sb = await SimulatedBridge.StartAsync();
        var (status, problem) = await sb.PlaceAsync(body, "bad-" + Math.Abs(body.GetHashCode()));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Empty(sb.Gateway.Log.Of<PlaceOrder>());
    }

    private static List<JsonElement> Trades(SimulatedBridge sb) =>
        [.. Get(sb, "/executions").Result.GetProperty("items").EnumerateArray()];

    private static async Task<JsonElement> Get(SimulatedBridge sb, string path) =>
        await (await sb.Http.GetAsync(path)).Content.ReadFromJsonAsync<JsonElement>();

    private static bool OrderActorAlive(SimulatedBridge sb, string key) =>
        sb.Http.GetFromJsonAsync<JsonElement>("/admin/actors").Result.GetProperty("actors").EnumerateArray()
            .Any(a => a.GetProperty("kind").GetString() == "order" && a.GetProperty("owns").GetString() == key);

    private static List<string?> Keys(JsonElement list) => [.. list.EnumerateArray().Select(o => o.GetProperty("idempotencyKey").GetString())];
}
