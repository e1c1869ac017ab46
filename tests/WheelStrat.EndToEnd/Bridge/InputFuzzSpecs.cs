using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using WheelStrat.EndToEnd.Support;

namespace WheelStrat.EndToEnd.Bridge;

/// <summary>
/// Random and boundary values thrown at every endpoint's inputs (query and JSON body): the answer is
/// always a success or a 4xx problem — never a 500, never a dropped connection.
/// </summary>
public sealed class InputFuzzSpecs : IAsyncLifetime
{
    private static readonly string[] Nasty =
    [
        "", " ", "0", "-1", "-0", "1e400", "NaN", "Infinity", "-Infinity", "9999999999999999999999", "0.0000001", "1,5", "١٢٣",
        "true", "null", "[]", "{}", "\"", "'", "%00", "\u0000", "AAPL\u0000", new string('A', 5000), "20261399", "2026-02-30", "99999999",
        "C", "P", "CALL", "PUT", "X", "STK", "OPT", "BAG", "LMT", "MKT", "STP", "BUY", "SELL", "DAY", "GTC", "1 hour", "7 mins", "1 D", "0 D",
        "AAPL", "AMZN", "aapl", "💥", "../../etc/passwd", "<script>", "1.5", "200", "20261218", "2026-12-18T00:00:00Z", "yesterday",
    ];

    private static readonly (string Path, string[] Fields)[] Queries =
    [
        ("/quote", ["symbol", "secType", "expiration", "strike", "right"]),
        ("/quotes", ["instruments"]),
        ("/option-chain", ["symbol"]),
        ("/history", ["symbol", "secType", "expiration", "strike", "right", "duration", "barSize", "whatToShow", "useRTH", "end"]),
        ("/executions", ["since", "until", "after", "limit"]),
        ("/health", ["connect"]),
        ("/orders/x", []),
    ];

    private static readonly string[] BodyFields = ["symbol", "action", "quantity", "orderType", "limitPrice", "secType", "strike", "right", "expiration", "tif"];

    private SimulatedBridge _sb = null!;

    public async Task InitializeAsync() => _sb = await SimulatedBridge.StartAsync(settings: new Dictionary<string, string?>
    {
        ["MarketData:StockQuoteWait"] = "00:00:01",
        ["MarketData:OptionQuoteWait"] = "00:00:01",
        ["History:Wait"] = "00:00:02",
        ["Trading:ReadOnly"] = "true", // fuzzed orders must never trade
    });

    public async Task DisposeAsync() => await _sb.DisposeAsync();

    [Fact]
    public void Query_inputs_never_cause_a_500()
    {
        var cases = Gen.Choose(0, int.MaxValue - 1).Select(seed =>
        {
            var rnd = new Random(seed);
            var (path, fields) = Queries[rnd.Next(Queries.Length)];
            var query = string.Join("&", fields.Where(_ => rnd.Next(3) > 0).Select(f => $"{f}={Uri.EscapeDataString(Nasty[rnd.Next(Nasty.Length)])}"));
            return query.Length == 0 ? path : $"{path}?{query}";
        }).ToArbitrary();

        Prop.ForAll(cases, url =>
            {
                var response = _sb.Http.GetAsync(url).Result;
                Assert.True((int)response.StatusCode < 500 || response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout,
                    $"{url} → {(int)response.StatusCode}: {response.Content.ReadAsStringAsync().Result}");
                // Kestrel itself refuses a request line over its 8 KiB limit (414) or oversized headers (431)
                // before any of our code runs, so those answers carry no problem body.
                if (!response.IsSuccessStatusCode && response.StatusCode is not (HttpStatusCode.RequestUriTooLong or HttpStatusCode.RequestHeaderFieldsTooLarge))
                {
                    Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json",
                        $"{url} → {(int)response.StatusCode} with content type '{response.Content.Headers.ContentType?.MediaType}'");
                }
            })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(150));
    }

    [Fact]
    public void Order_bodies_never_cause_a_500()
    {
        var bodies = Gen.Choose(0, int.MaxValue - 1).Select(seed =>
        {
            var rnd = new Random(seed);
            if (rnd.Next(10) == 0)
            {
                return Nasty[rnd.Next(Nasty.Length)];
            }

            var fields = BodyFields.Where(_ => rnd.Next(4) > 0).Select(f =>
            {
                var v = Nasty[rnd.Next(Nasty.Length)];
                var json = rnd.Next(3) switch
                {
                    0 => $"\"{v.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"",
                    1 => double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _) ? v : "null",
                    _ => rnd.Next(2) == 0 ? "[1,2]" : "{\"a\":1}",
                };
                return $"\"{f}\":{json}";
            });
            return "{" + string.Join(",", fields) + "}";
        }).ToArbitrary();

        Prop.ForAll(bodies, body =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/order") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.Add("Idempotency-Key", "fuzz-" + Math.Abs(body.GetHashCode()));
                var response = _sb.Http.SendAsync(request).Result;
                Assert.True((int)response.StatusCode < 500 || response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout,
                    $"{body} → {(int)response.StatusCode}: {response.Content.ReadAsStringAsync().Result}");
            })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(150));

        Assert.Empty(_sb.Gateway.Log.Of<WheelStrat.Tws.Messages.Requests.PlaceOrder>());
    }
}
