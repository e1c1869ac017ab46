using System.Net;
using System.Text;

namespace WheelStrat.Benchmarks.Load;

/// <summary>One kind of request in the mix.</summary>
public sealed record Route(string Name, Func<HttpClient, int, Task<HttpStatusCode>> Send)
{
    private static readonly string[] Symbols = ["AAPL", "AMZN", "MSFT", "META", "NVDA", "TSLA", "SPY", "QQQ"];

    public static Route Named(string name, string bridge, string floor) => name switch
    {
        "bare-ping" => Get(name, floor + "/ping"),
        "ping" => Get(name, bridge + "/ping"),
        "health" => Get(name, bridge + "/health"),
        "quote" => Get(name, bridge + "/quote?symbol=AAPL"),
        "quotes" => Get(name, bridge + "/quotes?instruments=" + string.Join(",", Symbols)),
        "option-chain" => Get(name, bridge + "/option-chain?symbol=SPY"),
        "history" => Get(name, bridge + "/history?symbol=QQQ&duration=2%20D&barSize=1%20hour"),
        "orders" => Get(name, bridge + "/orders"),
        "order" => new Route(name, async (http, i) =>
        {
            // A new key every 16th call; the rest are retries of an earlier key (idempotent: 200).
            using var request = new HttpRequestMessage(HttpMethod.Post, bridge + "/order")
            {
                Content = new StringContent("""{"symbol":"MSFT","action":"BUY","quantity":1,"orderType":"LMT","limitPrice":300}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", $"load-{i / 16}");
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }),
        _ => throw new ArgumentException($"unknown route '{name}'"),
    };

    private static Route Get(string name, string url) => new(name, async (http, _) =>
    {
        using var response = await http.GetAsync(url);
        await response.Content.ReadAsByteArrayAsync();
        return response.StatusCode;
    });
}
