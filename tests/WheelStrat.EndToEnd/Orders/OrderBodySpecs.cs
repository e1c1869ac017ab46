using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using WheelStrat.EndToEnd.Support;
using WheelStrat.Tws.Messages.Requests;

namespace WheelStrat.EndToEnd.Orders;

/// <summary>
/// What IB would refuse is settled before an order leaves: limit prices land on the contract's tick (a buy rounds
/// down, a sell up: never a worse price than asked), quantities are whole, and a body field the bridge does not
/// know is a 400 naming it rather than silently ignored.
/// </summary>
public sealed class OrderBodySpecs
{
    [Fact]
    public async Task A_stock_limit_price_off_the_cent_is_rounded_down_for_a_buy_and_IB_accepts_it()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        var (status, order) = await Place(sb, """{"symbol":"AAPL","action":"BUY","quantity":1,"orderType":"LMT","limitPrice":165.019}""", "tick-stk");

        Assert.True(status == HttpStatusCode.Created, order.ToString());
        Assert.Equal(165.01m, order.GetProperty("limitPrice").GetDecimal());
        Assert.Equal(165.019m, order.GetProperty("requestedLimitPrice").GetDecimal());
        Assert.Equal(165.01, Assert.Single(sb.Gateway.Log.Of<PlaceOrder>()).Order.LmtPrice);

        // The same body under the same key is the same order, not a conflict with the rounded one.
        var (again, _) = await Place(sb, """{"symbol":"AAPL","action":"BUY","quantity":1,"orderType":"LMT","limitPrice":165.019}""", "tick-stk");
        Assert.Equal(HttpStatusCode.OK, again);
    }

    [Fact]
    public async Task An_option_sell_above_three_dollars_is_rounded_up_to_the_nickel_and_the_preview_says_so()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        var (expiration, strike, bid) = await OptionOverThreeDollars(sb);
        var limit = decimal.Floor(bid * 20) / 20 + 0.02m; // between two nickels
        var body = $$"""{"symbol":"AAPL","secType":"OPT","expiration":"{{expiration}}","strike":{{strike.ToString(CultureInfo.InvariantCulture)}},"right":"C","action":"SELL","quantity":1,"orderType":"LMT","limitPrice":{{limit.ToString(CultureInfo.InvariantCulture)}}}""";
        var nickel = limit + 0.03m;

        using var previewResponse = await sb.Http.PostAsync("/orders/preview", Json(body));
        var preview = await previewResponse.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(previewResponse.IsSuccessStatusCode, preview.ToString());
        Assert.Equal(nickel, preview.GetProperty("limitPrice").GetDecimal());
        Assert.Equal(0.05m, preview.GetProperty("priceTick").GetDecimal());

        var (status, order) = await Place(sb, body, "tick-opt");
        Assert.True(status is HttpStatusCode.Created, order.ToString());
        Assert.Equal(nickel, order.GetProperty("limitPrice").GetDecimal());
        Assert.Equal((double)nickel, sb.Gateway.Log.Of<PlaceOrder>().Last().Order.LmtPrice);
    }

    [Theory]
    [InlineData("""{"symbol":"AAPL","action":"BUY","quantity":1.5,"orderType":"MKT"}""", "quantity")]
    [InlineData("""{"symbol":"AAPL","action":"BUY","quantity":1,"orderType":"MKT","account":"DU1"}""", "account")]
    [InlineData("""{"symbol":"AAPL","action":"BUY","quantity":1,"orderType":"LMT","limitPrice":150,"limit_price":150}""", "limit_price")]
    public async Task A_fractional_quantity_or_an_unknown_field_is_a_400_naming_it(string body, string field)
    {
        await using var sb = await SimulatedBridge.StartAsync();
        foreach (var path in new[] { "/order", "/orders/preview" })
        {
            using var response = await sb.Http.PostAsync(path, Json(body));
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {problem}");
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{path}: {problem}");
        }

        Assert.Empty(sb.Gateway.Log.Of<PlaceOrder>());
    }

    [Fact]
    public async Task An_unknown_field_in_a_history_job_is_a_400_naming_it()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        using var response = await sb.Http.PostAsync("/history/jobs", Json(
            """{"symbol":"AAPL","expirationsAhead":1,"strikeWindowPct":5,"from":"2026-11-02T00:00:00Z","to":"2026-11-03T00:00:00Z","barsize":"1 day"}"""));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, problem.ToString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("barsize", out _), problem.ToString());
    }

    private static async Task<(string Expiration, decimal Strike, decimal Bid)> OptionOverThreeDollars(SimulatedBridge sb)
    {
        var chain = await (await sb.Http.GetAsync("/option-chain?symbol=AAPL")).Content.ReadFromJsonAsync<JsonElement>();
        var expiration = chain.GetProperty("expirations")[2].GetString()!;
        var spot = (await (await sb.Http.GetAsync("/quote?symbol=AAPL")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("last").GetDecimal();
        // An in-the-money call is worth more than $3: well past the penny tier.
        var strike = chain.GetProperty("strikes").EnumerateArray().Select(s => s.GetDecimal()).Where(s => s < spot - 10).Max();
        var quote = await (await sb.Http.GetAsync($"/quote?symbol=AAPL&secType=OPT&expiration={expiration}&strike={strike}&right=C"))
            .Content.ReadFromJsonAsync<JsonElement>();
        return (expiration, strike, quote.GetProperty("bid").GetDecimal());
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<(HttpStatusCode Status, JsonElement Body)> Place(SimulatedBridge sb, string body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/order") { Content = Json(body) };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await sb.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }
}
