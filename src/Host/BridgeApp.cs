using Akka.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using WheelStrat.Actors.Diagnostics;
using WheelStrat.Actors.Gateway;
using WheelStrat.Actors.MarketData;
using WheelStrat.Actors.Orders;
using WheelStrat.Api;
using WheelStrat.Api.Auth;
using WheelStrat.Tws.Connection;

namespace WheelStrat.Host;

/// <summary>The composition root: options, actors, API. Program and the end-to-end tests both use it.</summary>
public static class BridgeApp
{
    public const string ApiKeyVariable = "WHEELSTRAT_API_KEY";

    public static async Task<WebApplication> BuildAsync(string[] args, Func<WebApplicationBuilder, Task> configure)
    {
        var builder = WebApplication.CreateBuilder(args);
        await configure(builder);

        var services = builder.Services;
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ApiKeyOptions>()
            .PostConfigure<IConfiguration>((o, config) => o.Keys = [.. o.Keys, .. SplitKeys(config[ApiKeyVariable])])
            .Validate(o => o.Keys.Length > 0 && o.Keys.All(k => k.Length >= 16),
                $"no API key configured: set {ApiKeyVariable} (comma-separated for rotation; at least 16 characters each)")
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<GatewayHealthBoard>();
        services.AddSingleton<ITwsConnector, TwsClientConnector>();
        services.AddWheelStratApi();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(BridgeMetrics.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter());
        services.AddAkka("wheelstrat", (akka, _) =>
        {
            akka.ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            });
            akka.AddGatewayActors();
            akka.AddMarketDataActors();
            akka.AddOrderActors();
        });

        var app = builder.Build();
        app.UseWheelStratApi();
        // Open like /ping (no secrets, counters only); the reverse proxy keeps it off the internet.
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    public static string[] SplitKeys(string? keys) =>
        keys?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
