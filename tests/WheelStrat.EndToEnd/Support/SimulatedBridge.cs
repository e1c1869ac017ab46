using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using WheelStrat.Simulator;
using WheelStrat.Simulator.Server;

namespace WheelStrat.EndToEnd.Support;

/// <summary>The real bridge against the real simulator, over loopback TCP, with real HTTP.</summary>
public sealed class SimulatedBridge : IAsyncDisposable
{
    private SimulatedBridge(PaperGateway gateway, BridgeUnderTest bridge)
    {
        Gateway = gateway;
        Bridge = bridge;
    }

    public PaperGateway Gateway { get; }

    public BridgeUnderTest Bridge { get; }

    public HttpClient Http => Bridge.Authorized;

    /// <param name="clock">The simulator's clock (the bridge keeps the real one): shift it to make IB "forget" expirations.</param>
    public static async Task<SimulatedBridge> StartAsync(SimulatorOptions? simulator = null, IDictionary<string, string?>? settings = null, TimeProvider? clock = null)
    {
        var gateway = new PaperGateway(simulator ?? new SimulatorOptions { TickInterval = TimeSpan.FromMilliseconds(200) }, clock);
        await gateway.StartAsync();
        var bridge = await BridgeUnderTest.StartAsync(gateway.Port, settings);
        var sb = new SimulatedBridge(gateway, bridge);
        // A loaded suite has been seen to take ~30 s to form the cluster of one and open the session.
        await sb.WaitForStatusAsync("ok", TimeSpan.FromSeconds(90));
        return sb;
    }

    /// <summary>GET with the API key; fails the test unless the answer is a success, showing its body.</summary>
    public async Task<JsonElement> JsonAsync(string path)
    {
        var response = await Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>POST /order with its Idempotency-Key, as the app sends it.</summary>
    public async Task<HttpResponseMessage> PostOrderAsync(string body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/order") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return await Http.SendAsync(request);
    }

    /// <summary>POST /order and its body (the order, or a problem); a 5xx fails the test with the body.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> PlaceAsync(string body, string key)
    {
        using var response = await PostOrderAsync(body, key);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode}: {text}");
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    public async Task<JsonElement> HealthAsync() =>
        await (await Bridge.Http.GetAsync("/health")).Content.ReadFromJsonAsync<JsonElement>();

    public async Task<JsonElement> WaitForStatusAsync(string status, TimeSpan? within = null) =>
        await WaitForHealthAsync(h => h.GetProperty("status").GetString() == status, $"status {status}", within);

    public async Task<JsonElement> WaitForHealthAsync(Func<JsonElement, bool> condition, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        JsonElement health;
        while (!condition(health = await HealthAsync()))
        {
            Assert.True(DateTime.UtcNow < deadline, $"/health never showed {what}; last: {health}");
            await Task.Delay(100);
        }

        return health;
    }

    /// <param name="lastSeen">What the failure message shows of the state that never matched.</param>
    public static Task EventuallyAsync(Func<bool> condition, string what, TimeSpan? within = null, Func<string>? lastSeen = null) =>
        EventuallyAsync(() => Task.FromResult(condition()), what, within, lastSeen);

    /// <summary>As above, for a condition that must ask (the bridge over HTTP).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null, Func<string>? lastSeen = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, lastSeen is null ? $"never: {what}" : $"never: {what}; last: {lastSeen()}");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Bridge.DisposeAsync();
        await Gateway.DisposeAsync();
    }
}

/// <summary>Real time moved by a fixed amount (timers run in real time).</summary>
public sealed class ShiftedClock(TimeSpan shift) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
}
