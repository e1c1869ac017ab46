using Akka.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using WheelStrat.Actors.Account;
using WheelStrat.Actors.Chains;
using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.Clustering;
using WheelStrat.Actors.Diagnostics;
using WheelStrat.Actors.Executions;
using WheelStrat.Actors.Gateway;
using WheelStrat.Actors.History;
using WheelStrat.Actors.MarketData;
using WheelStrat.Actors.Orders;
using WheelStrat.Actors.Persistence;
using WheelStrat.Actors.Streaming;
using Akka.Persistence.Sql.Hosting;
using WheelStrat.Api;
using WheelStrat.Api.Auth;

namespace WheelStrat.Host;

/// <summary>The composition root: options, actors, API. Program and the end-to-end tests both use it.</summary>
public static class BridgeApp
{
    public const string ApiKeyVariable = "WHEELSTRAT_API_KEY";

    public static async Task<WebApplication> BuildAsync(string[] args, Func<WebApplicationBuilder, Task> configure)
    {
        // appsettings.json ships beside the binaries: found wherever the process is started from.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        await configure(builder);

        var services = builder.Services;
        services.AddOptions<ApiKeyOptions>()
            .PostConfigure<IConfiguration>((o, config) => o.Keys = [.. o.Keys, .. SplitKeys(config[ApiKeyVariable])])
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiKeyOptions>, ApiKeyRules>();
        services.AddSingleton(TimeProvider.System);
        // Each feature binds and checks its own options and registers its shared services.
        services.AddGateway().AddMarketData().AddHistory().AddStreaming().AddOrders().AddExecutions();
        services.AddWheelStratApi();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(BridgeMetrics.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter());
        services.AddOptions<PersistenceOptions>().BindConfiguration(PersistenceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ClusterNodeOptions>().BindConfiguration(ClusterNodeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddAkka("wheelstrat", (akka, sp) =>
        {
            AddJournal(akka, sp.GetRequiredService<IOptions<PersistenceOptions>>().Value);
            akka.AddClusterNode(sp.GetRequiredService<IOptions<ClusterNodeOptions>>().Value);
            akka.ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            });
            // In dependency order: each feature finds the actors it needs in the registry.
            akka.AddGatewayActors();
            akka.AddContractActors();
            akka.AddMarketDataActors();
            akka.AddOptionChainActors();
            akka.AddHistoryActors();
            akka.AddStreamingActors();
            akka.AddOrderActors();
            akka.AddExecutionActors();
            akka.AddAccountActors();
        });

        var app = builder.Build();
        app.UseWheelStratApi();
        // Open like /ping (no secrets, counters only); the reverse proxy keeps it off the internet.
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    /// <summary>Orders (and their manager) journal through Akka.Persistence.Sql: a SQLite file by default, PostgreSQL in production.</summary>
    private static void AddJournal(AkkaConfigurationBuilder akka, PersistenceOptions options)
    {
        var (connectionString, provider) = options.Database();
        akka.WithSqlPersistence(connectionString: connectionString, providerName: provider, autoInitialize: true);
        akka.WithCustomSerializer("wheelstrat-journal", [typeof(IJournalEvent)], system => new JournalSerializer(system));
    }

    public static string[] SplitKeys(string? keys) =>
        keys?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
