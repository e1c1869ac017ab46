using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WheelStrat.Host;

namespace WheelStrat.EndToEnd.Support;

/// <summary>
/// The real bridge (Kestrel, actors, our TWS client) in this process on a free loopback port,
/// configured for one test: gateway port, keys, fast timings.
/// </summary>
public sealed class BridgeUnderTest : IAsyncDisposable
{
    public const string KeyA = "test-key-aaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    public const string KeyB = "test-key-bbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    private readonly WebApplication _app;

    private BridgeUnderTest(WebApplication app, CapturingLoggerProvider logs)
    {
        _app = app;
        Logs = logs;
        var url = app.Urls.First();
        Http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        Authorized = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        Authorized.DefaultRequestHeaders.Add("X-API-KEY", KeyA);
    }

    public HttpClient Http { get; }

    /// <summary>Sends <see cref="KeyA"/>.</summary>
    public HttpClient Authorized { get; }

    public CapturingLoggerProvider Logs { get; }

    public IServiceProvider Services => _app.Services;

    public string Url => _app.Urls.First();

    public static async Task<BridgeUnderTest> StartAsync(int gatewayPort, IDictionary<string, string?>? settings = null)
    {
        var logs = new CapturingLoggerProvider();
        var config = new Dictionary<string, string?>
        {
            ["Gateway:Host"] = "127.0.0.1",
            ["Gateway:Port"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:ClientIds:0"] = "7",
            ["Gateway:ClientIds:1"] = "8",
            ["Gateway:ClientIds:2"] = "9",
            ["Gateway:ConnectTimeout"] = "00:00:02",
            ["Gateway:StartupStepTimeout"] = "00:00:02",
            ["Gateway:HeartbeatInterval"] = "00:00:01",
            ["Gateway:HeartbeatMisses"] = "2",
            ["Gateway:BackoffMin"] = "00:00:00.200",
            ["Gateway:BackoffMax"] = "00:00:01",
            ["Gateway:StableAfter"] = "00:00:05",
            ["Api:Keys:0"] = KeyA,
            ["Api:Keys:1"] = KeyB,
            ["Admin:AllowFaultInjection"] = "true",
            // A real database file per bridge, unless the test passes its own journal.
            ["Persistence:SqlitePath"] = Path.Combine(Path.GetTempPath(), "wheelstrat-tests", $"{Guid.NewGuid():N}.db"),
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            config[k] = v;
        }

        var app = await BridgeApp.BuildAsync(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(config);
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
            return Task.CompletedTask;
        });
        await app.StartAsync();
        return new BridgeUnderTest(app, logs);
    }

    public T Service<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Authorized.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
