using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WheelStrat.Actors.Chains;
using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.Gateway;
using WheelStrat.Actors.History.Jobs;
using WheelStrat.Actors.History.Store;
using WheelStrat.Actors.MarketData;
using WheelStrat.Actors.Persistence;

namespace WheelStrat.Actors.History;

public static class HistoryHostingExtensions
{
    /// <summary>Sections "History" and "History:Prefetch", checked at start; the bar store and the pacing board /health reads.</summary>
    public static IServiceCollection AddHistory(this IServiceCollection services)
    {
        services.AddOptions<HistoryOptions>().BindConfiguration(HistoryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PrefetchOptions>().BindConfiguration(PrefetchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<HistoryPacingBoard>();
        services.AddSingleton(sp => BarStore.For(sp.GetRequiredService<IOptions<PersistenceOptions>>().Value));
        return services;
    }

    /// <summary>/user/history, /user/history-jobs and /user/history-prefetch (after the contracts, chains and market-data actors).</summary>
    public static AkkaConfigurationBuilder AddHistoryActors(this AkkaConfigurationBuilder builder) =>
        builder.WithActors((system, registry, resolver) =>
        {
            var time = resolver.GetService<TimeProvider>();
            var history = resolver.GetService<IOptions<HistoryOptions>>();
            var store = resolver.GetService<BarStore>();
            var pacing = resolver.GetService<HistoryPacingBoard>();
            var gateway = registry.Get<GatewayActor>();
            var contracts = registry.Get<ContractsActor>();

            var historyActor = system.ActorOf(Props.Create(() => new HistoryActor(gateway, contracts, store, history, time, pacing)), "history");
            registry.Register<HistoryActor>(historyActor);
            var jobs = new HistoryJobDependencies(historyActor, registry.Get<OptionChainActor>(), registry.Get<MarketDataManager>(), history.Value, time);
            var jobsManager = system.ActorOf(Props.Create(() => new HistoryJobsManager(jobs)), "history-jobs");
            registry.Register<HistoryJobsManager>(jobsManager);
            var prefetch = resolver.GetService<IOptions<PrefetchOptions>>().Value;
            system.ActorOf(Props.Create(() => new HistoryPrefetchActor(jobsManager, prefetch, time)), "history-prefetch");
        });
}
