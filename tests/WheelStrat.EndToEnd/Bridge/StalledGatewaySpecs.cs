using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WheelStrat.EndToEnd.Support;

namespace WheelStrat.EndToEnd.Bridge;

/// <summary>
/// The old bridge's worst day: IB Gateway accepts the socket and never answers. /ping and /health
/// must keep answering at once, and the bridge must notice and keep retrying on its own.
/// </summary>
public sealed class StalledGatewaySpecs : IAsyncLifetime
{
    private StallingGateway _gateway = null!;
    private BridgeUnderTest _bridge = null!;

    public async Task InitializeAsync()
    {
        _gateway = new StallingGateway();
        _bridge = await BridgeUnderTest.StartAsync(_gateway.Port);
    }

    public async Task DisposeAsync()
    {
        await _bridge.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task Two_hundred_concurrent_health_and_ping_calls_all_answer_promptly()
    {
        // Let the bridge hit the stalled handshake at least once.
        await Eventually(() => _gateway.Accepted >= 1);
        // One call first: the burst measures answering while IB is stuck, not the process's first JIT of the route.
        (await _bridge.Http.GetAsync("/health")).Dispose();

        var calls = Enumerable.Range(0, 200).Select(async i =>
        {
            var clock = Stopwatch.StartNew();
            var response = await _bridge.Http.GetAsync(i % 2 == 0 ? "/health" : "/ping");
            return (Path: i % 2 == 0 ? "health" : "ping", response.StatusCode, clock.Elapsed);
        });
        var results = await Task.WhenAll(calls);

        Assert.All(results, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"{r.Path}: {r.StatusCode}"));
        // Generous bound for a shared CI machine; the real figure is measured by the load driver.
        Assert.All(results.Where(r => r.Path == "health"), r => Assert.True(r.Elapsed < TimeSpan.FromSeconds(2), $"/health took {r.Elapsed}"));
    }

    [Fact]
    public async Task Health_shows_the_stalled_handshake_and_the_retries()
    {
        await Eventually(async () =>
        {
            var h = await Health();
            return h.GetProperty("reconnectFailures").GetInt64() >= 2;
        });

        var health = await Health();
        Assert.Equal("disconnected", health.GetProperty("status").GetString());
        Assert.False(health.GetProperty("connected").GetBoolean());
        Assert.Contains("no handshake within", health.GetProperty("lastReconnectError").GetString(), StringComparison.Ordinal);
        Assert.True(_gateway.Accepted >= 2, "the bridge keeps trying by itself");
    }

    [Fact]
    public async Task Connect_true_waits_a_bounded_time_and_answers()
    {
        var clock = Stopwatch.StartNew();
        var response = await _bridge.Http.GetAsync("/health?connect=true");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"connect=true took {clock.Elapsed}");
    }

    private async Task<JsonElement> Health() =>
        await (await _bridge.Http.GetAsync("/health")).Content.ReadFromJsonAsync<JsonElement>();

    private static async Task Eventually(Func<bool> condition) => await Eventually(() => Task.FromResult(condition()));

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 20 s");
            await Task.Delay(100);
        }
    }
}
