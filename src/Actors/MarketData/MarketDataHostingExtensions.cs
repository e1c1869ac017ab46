using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Options;
using WheelStrat.Actors.Chains;
using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.Gateway;
using WheelStrat.Actors.History;
using WheelStrat.Actors.History.Jobs;
using WheelStrat.Actors.History.Store;

namespace WheelStrat.Actors.MarketData;

public static class MarketDataHostingExtensions
{
    /// <summary>/user/contracts, /user/market-data, /user/chains, /user/history and /user/history-jobs (after the gateway).</summary>
    public static AkkaConfigurationBuilder AddMarketDataActors(this AkkaConfigurationBuilder builder) =>
        builder.WithActors((system, registry, resolver) =>
        {
            var gateway = registry.Get<GatewayActor>();
            var time = resolver.GetService<TimeProvider>();
            var marketData = resolver.GetService<IOptions<MarketDataOptions>>();
            var history = resolver.GetService<IOptions<HistoryOptions>>();
            var board = resolver.GetService<GatewayHealthBoard>();
            var store = resolver.GetService<BarStore>();
            var pacing = resolver.GetService<HistoryPacingBoard>();

            var contracts = system.ActorOf(Props.Create(() => new ContractsActor(gateway, marketData, time)), "contracts");
            registry.Register<ContractsActor>(contracts);
            var marketDataManager = system.ActorOf(Props.Create(() => new MarketDataManager(gateway, contracts, marketData, board, time)), "market-data");
            registry.Register<MarketDataManager>(marketDataManager);
            var chains = system.ActorOf(Props.Create(() => new OptionChainActor(gateway, contracts, marketData, time)), "chains");
            registry.Register<OptionChainActor>(chains);
            var historyActor = system.ActorOf(Props.Create(() => new HistoryActor(gateway, contracts, store, history, time, pacing)), "history");
            registry.Register<HistoryActor>(historyActor);
            var jobs = new HistoryJobDependencies(historyActor, chains, marketDataManager, history.Value, time);
            var jobsManager = HistoryJobsHosting.StartHistoryJobs(system, jobs);
            registry.Register<HistoryJobsManager>(jobsManager);
            var prefetch = resolver.GetService<IOptions<PrefetchOptions>>().Value;
            system.ActorOf(Props.Create(() => new HistoryPrefetchActor(jobsManager, prefetch, time)), "history-prefetch");
        });
}
