using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using WheelStrat.EndToEnd.Support;
using WheelStrat.Tws.Messages.Requests;

namespace WheelStrat.EndToEnd.Orders;

public sealed class PreviewAndAccountSpecs
{
    [Fact]
    public async Task Preview_resolves_the_contract_checks_the_rules_and_asks_IB_for_margin_and_commission()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        var expiration = (await Get(sb, "/option-chain?symbol=AAPL")).GetProperty("expirations")[2].GetString();
        var body = $$"""{"symbol":"AAPL","secType":"OPT","expiration":"{{expiration}}","strike":175,"right":"P","action":"SELL","quantity":2,"orderType":"LMT","limitPrice":2.5}""";
        using var response = await sb.Http.PostAsync("/orders/preview", new StringContent(body, Encoding.UTF8, "application/json"));
        var preview = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, preview.ToString());
        Assert.True(preview.GetProperty("wouldPlace").GetBoolean());
        Assert.Equal("AAPL", preview.GetProperty("contract").GetProperty("symbol").GetString());
        var whatIf = preview.GetProperty("whatIf");
        Assert.True(decimal.Parse(whatIf.GetProperty("initMarginChange").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(1.3, whatIf.GetProperty("commission").GetDouble()); // 2 contracts × $0.65

        // The what-if order reaches IB as such; nothing is placed or filled.
        Assert.True(Assert.Single(sb.Gateway.Log.Of<PlaceOrder>()).Order.WhatIf);
        Assert.Empty(sb.Gateway.Fills);

        using var refusedResponse = await sb.Http.PostAsync("/orders/preview", new StringContent(
            """{"symbol":"AAPL","action":"BUY","quantity":1,"orderType":"LMT","limitPrice":400}""", Encoding.UTF8, "application/json"));
        var refused = await refusedResponse.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(refused.GetProperty("wouldPlace").GetBoolean());
        Assert.StartsWith("price-band", refused.GetProperty("refusals")[0].GetString(), StringComparison.Ordinal);
        Assert.Single(sb.Gateway.Log.Of<PlaceOrder>());
    }

    [Fact]
    public async Task Positions_and_account_are_served_warm()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        using var order = new HttpRequestMessage(HttpMethod.Post, "/order")
        {
            Content = new StringContent("""{"symbol":"QQQ","action":"BUY","quantity":7,"orderType":"MKT"}""", Encoding.UTF8, "application/json"),
        };
        order.Headers.Add("Idempotency-Key", "pos-1");
        using var placed = await sb.Http.SendAsync(order);
        Assert.True(placed.IsSuccessStatusCode, $"{(int)placed.StatusCode}: {await placed.Content.ReadAsStringAsync()}");
        await SimulatedBridge.EventuallyAsync(() => Get(sb, "/orders/pos-1").Result.GetProperty("status").GetString() == "Filled", "the order filled",
            lastSeen: () => Get(sb, "/orders/pos-1").Result.ToString());

        await SimulatedBridge.EventuallyAsync(() => Get(sb, "/positions").Result.GetProperty("positions").EnumerateArray()
            .Any(p => p.GetProperty("symbol").GetString() == "QQQ" && p.GetProperty("quantity").GetDecimal() == 7), "the position",
            lastSeen: () => Get(sb, "/positions").Result.ToString());
        // A fill makes the account stale until IB's fresh summary is in.
        await SimulatedBridge.EventuallyAsync(() => !Get(sb, "/account").Result.GetProperty("stale").GetBoolean(), "the account refreshed after the fill");
        var account = await Get(sb, "/account");
        Assert.Equal("DU1234567", account.GetProperty("account").GetString());
        Assert.True(account.GetProperty("values").GetProperty("NetLiquidation").GetDecimal() > 0);
        Assert.False(account.GetProperty("stale").GetBoolean());
    }

    [Fact]
    public async Task The_account_moves_after_a_fill_and_is_never_stale_and_unchanged_at_once()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        await SimulatedBridge.EventuallyAsync(() => Get(sb, "/account").Result.GetProperty("asOf").ValueKind != JsonValueKind.Null, "the first account summary");
        var before = await Get(sb, "/account");
        var cashBefore = before.GetProperty("values").GetProperty("TotalCashValue").GetDecimal();

        using var order = new HttpRequestMessage(HttpMethod.Post, "/order")
        {
            Content = new StringContent("""{"symbol":"SPY","action":"BUY","quantity":3,"orderType":"MKT"}""", Encoding.UTF8, "application/json"),
        };
        order.Headers.Add("Idempotency-Key", "cash-1");
        using var placed = await sb.Http.SendAsync(order);
        Assert.True(placed.IsSuccessStatusCode, await placed.Content.ReadAsStringAsync());

        // Right after the fill the account is either refreshed or says it is stale: never old values as current.
        await SimulatedBridge.EventuallyAsync(() =>
            {
                var filled = Get(sb, "/orders/cash-1").Result.GetProperty("filled").GetDecimal() > 0;
                var now = Get(sb, "/account").Result;
                var cash = now.GetProperty("values").GetProperty("TotalCashValue").GetDecimal();
                Assert.True(!filled || cash != cashBefore || now.GetProperty("stale").GetBoolean(),
                    $"filled, yet the account shows the old cash as current: {now}");
                return cash < cashBefore && !now.GetProperty("stale").GetBoolean();
            },
            "the cash spent on the fill",
            lastSeen: () => Get(sb, "/account").Result.ToString());
        Assert.True((await Get(sb, "/account")).GetProperty("asOf").GetDateTimeOffset() > before.GetProperty("asOf").GetDateTimeOffset());
    }

    private static async Task<JsonElement> Get(SimulatedBridge sb, string path) =>
        await (await sb.Http.GetAsync(path)).Content.ReadFromJsonAsync<JsonElement>();
}
