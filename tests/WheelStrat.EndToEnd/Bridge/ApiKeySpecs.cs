using System.Net;
using WheelStrat.EndToEnd.Support;

namespace WheelStrat.EndToEnd.Bridge;

/// <summary>Real Kestrel over loopback: the API key gate, rotation with two keys, and no key in the logs.</summary>
public sealed class ApiKeySpecs : IAsyncLifetime
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
    public async Task Protected_routes_refuse_a_missing_or_wrong_key_with_a_problem_body()
    {
        var missing = await _bridge.Http.GetAsync("/admin/actors");
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Contains("X-API-KEY", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/admin/actors");
        wrong.Headers.Add("X-API-KEY", BridgeUnderTest.KeyA + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await _bridge.Http.SendAsync(wrong)).StatusCode);
    }

    [Theory]
    [InlineData(BridgeUnderTest.KeyA)]
    [InlineData(BridgeUnderTest.KeyB)]
    public async Task Either_configured_key_is_accepted(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/actors");
        request.Headers.Add("X-API-KEY", key);
        Assert.Equal(HttpStatusCode.OK, (await _bridge.Http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Ping_health_metrics_and_the_api_description_need_no_key()
    {
        Assert.Equal(HttpStatusCode.OK, (await _bridge.Http.GetAsync("/ping")).StatusCode);
        Assert.Contains((await _bridge.Http.GetAsync("/health")).StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable });
        Assert.Equal(HttpStatusCode.OK, (await _bridge.Http.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _bridge.Http.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task The_key_never_appears_in_the_logs()
    {
        for (var i = 0; i < 3; i++)
        {
            using var good = new HttpRequestMessage(HttpMethod.Get, "/admin/actors");
            good.Headers.Add("X-API-KEY", BridgeUnderTest.KeyB);
            await _bridge.Http.SendAsync(good);
            using var bad = new HttpRequestMessage(HttpMethod.Get, "/admin/actors");
            bad.Headers.Add("X-API-KEY", "wrong-" + BridgeUnderTest.KeyA);
            await _bridge.Http.SendAsync(bad);
        }

        Assert.Contains(_bridge.Logs.Lines, l => l.Contains("invalid API key", StringComparison.Ordinal));
        Assert.DoesNotContain(_bridge.Logs.Lines, l => l.Contains(BridgeUnderTest.KeyA, StringComparison.Ordinal));
        Assert.DoesNotContain(_bridge.Logs.Lines, l => l.Contains(BridgeUnderTest.KeyB, StringComparison.Ordinal));
    }
}
