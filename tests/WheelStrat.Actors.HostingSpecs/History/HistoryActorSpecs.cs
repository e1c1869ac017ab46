using System.Globalization;
using Akka.Actor;
using Akka.Hosting;
using Akka.TestKit;
using Microsoft.Extensions.Time.Testing;
using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.Gateway.Requests;
using WheelStrat.Actors.History;
using WheelStrat.Actors.History.Store;
using WheelStrat.Actors.Replies;
using WheelStrat.Actors.Tests.Support;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Replies;

using static WheelStrat.Actors.Gateway.GatewayProtocol;
using static WheelStrat.Actors.History.HistoryProtocol;

namespace WheelStrat.Actors.HostingSpecs.History;

/// <summary>
/// The history actor against probes for the gateway and the contracts actor, a SQLite bar store and a fake clock:
/// what the store holds costs no IB request, a query splits into requests within IB's span per bar size, and a
/// query the pacing budget cannot serve in time is refused at once with when to come back.
/// </summary>
public sealed class HistoryActorSpecs(ITestOutputHelper output) : Akka.Hosting.TestKit.TestKit(output: output)
{
    private const int ConId = 265598;
    private static readonly DateTimeOffset End = new(2026, 11, 27, 21, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 15, 0, 0, TimeSpan.Zero));

    /// <summary>A deadline on the spec's clock, far enough ahead never to be what a spec measures.</summary>
    private NotAfter Soon => NotAfter.In(TimeSpan.FromHours(1), _time.GetUtcNow());
    private readonly BarStore _store = NewStore();
    private readonly HistoryOptions _options = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder.AddHocon("akka.test.single-expect-default = 20s", HoconAddMode.Prepend);

    [Fact]
    public async Task A_range_the_store_holds_is_answered_from_it_without_asking_IB()
    {
        var query = new HistoryQuery(ContractSpec.Stock("AAPL"), "1 D", "1 hour", End: End);
        var range = query.Range(_time.GetUtcNow());
        var stored = Enumerable.Range(0, 24).Select(h => StoredBar(range.From.AddHours(h), 180 + h)).ToList();
        await _store.WriteAsync(new BarSeries(ConId, "1 hour", "MIDPOINT", true), stored, range, Ct);
        var (history, gateway, contracts) = Start();

        history.Tell(new GetHistory(query, Soon), TestActor);
        await QualifyAsync(contracts, query.Spec);

        var result = (await ExpectMsgAsync<HistoryReply.Bars>(cancellationToken: Ct)).Result;
        Assert.Equal((24, 0, ConId), (result.FromStore, result.IbRequests, result.ConId));
        Assert.Equal(stored.Select(b => (b.Time, b.Close)), result.Bars.Select(b => (b.Time, b.Close)));
        await gateway.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(500), Ct);
    }

    [Fact]
    public async Task A_query_longer_than_IB_allows_per_request_is_split_into_pieces_and_answered_as_one()
    {
        var query = new HistoryQuery(ContractSpec.Stock("AAPL"), "3 D", "1 min", "TRADES", End: End);
        var (history, gateway, contracts) = Start();

        history.Tell(new GetHistory(query, Soon), TestActor);
        await QualifyAsync(contracts, query.Spec);

        // 1-minute bars: at most a day per request (about 2,000 bars), so three requests, one per day back from End.
        var asked = new List<(HistoricalBarsRequest Request, IActorRef Child)>();
        for (var i = 0; i < 3; i++)
        {
            var request = Assert.IsType<HistoricalBarsRequest>((await gateway.ExpectMsgAsync<SendIbRequest>(cancellationToken: Ct)).Request);
            asked.Add((request, gateway.LastSender));
        }

        Assert.All(asked, a => Assert.Equal(("86400 S", "1 min", "TRADES", ConId), (a.Request.Duration, a.Request.BarSize, a.Request.WhatToShow, a.Request.Contract.ConId)));
        var ends = Enumerable.Range(0, 3).Select(d => HistoryQuery.FormatEnd(End.AddDays(-d))).ToList();
        Assert.Equal(ends.Order(), asked.Select(a => a.Request.EndDateTime).Order());
        await gateway.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300), Ct);

        var reqId = 40;
        foreach (var (request, child) in asked)
        {
            var pieceEnd = DateTimeOffset.ParseExact(request.EndDateTime, "yyyyMMdd-HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            child.Tell(new RequestSent(++reqId), gateway);
            child.Tell(new HistoricalData(reqId, "", "", [IbBar(pieceEnd.AddMinutes(-1), 190)]), gateway);
        }

        var result = (await ExpectMsgAsync<HistoryReply.Bars>(cancellationToken: Ct)).Result;
        Assert.Equal((3, 0), (result.IbRequests, result.FromStore));
        Assert.Equal(ends.Select(e => DateTimeOffset.ParseExact(e, "yyyyMMdd-HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).AddMinutes(-1)).Order(),
            result.Bars.Select(b => b.Time));
    }

    [Fact]
    public async Task A_query_the_pacing_budget_cannot_send_in_time_is_Busy_at_once_with_when_to_come_back()
    {
        _options.MaxRequestsPerTenMinutes = 2;
        var (history, gateway, contracts) = Start();

        // Two queries spend the budget: their requests go to IB at once.
        foreach (var (symbol, conId) in new[] { ("AAPL", 265598), ("MSFT", 272093) })
        {
            var spec = ContractSpec.Stock(symbol);
            history.Tell(new GetHistory(new HistoryQuery(spec, "1 D", "1 hour", End: End), Soon), CreateTestProbe());
            await QualifyAsync(contracts, spec, conId);
            await gateway.ExpectMsgAsync<SendIbRequest>(cancellationToken: Ct);
        }

        var nvda = ContractSpec.Stock("NVDA");
        history.Tell(new GetHistory(new HistoryQuery(nvda, "1 D", "1 hour", End: End), NotAfter.In(TimeSpan.FromSeconds(30), _time.GetUtcNow())), TestActor);
        await QualifyAsync(contracts, nvda, 4815747);

        // The next slot frees when the first request leaves IB's ten-minute window: far past a 30 s wait.
        var busy = Assert.IsType<Busy>((await ExpectMsgAsync<HistoryReply.Failure>(cancellationToken: Ct)).Reason);
        Assert.InRange(busy.RetryAfter, TimeSpan.FromMinutes(10), HistoricalPacer.LongWindow);
        Assert.Contains("historical pacing", busy.Message, StringComparison.Ordinal);
        await gateway.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(500), Ct);
    }

    private static async Task QualifyAsync(TestProbe contracts, ContractSpec spec, int conId = ConId)
    {
        Assert.Equal(spec, (await contracts.ExpectMsgAsync<ContractsProtocol.Qualify>(cancellationToken: Ct)).Spec);
        contracts.Reply(new ContractsProtocol.Qualified(spec, new ContractDetails { Contract = spec.ToContract() with { ConId = conId }, TimeZoneId = "US/Eastern" }));
    }

    private static BarStore NewStore()
    {
        var database = SqliteJournal.NewDatabase();
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        return new BarStore($"Data Source={database}", LinqToDB.ProviderName.SQLiteMS);
    }

    private static HistoryBar StoredBar(DateTimeOffset at, double close) => new(at, close, close, close, close, 100, (decimal)close, 1);

    private static Bar IbBar(DateTimeOffset at, double close) =>
        new(at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), close, close, close, close, 100, (decimal)close, 1);

    private (IActorRef History, TestProbe Gateway, TestProbe Contracts) Start()
    {
        var gateway = CreateTestProbe();
        var contracts = CreateTestProbe();
        var options = Microsoft.Extensions.Options.Options.Create(_options);
        var board = new HistoryPacingBoard(_time);
        var history = Sys.ActorOf(Props.Create(() => new HistoryActor(gateway, contracts, _store, options, _time, board)));
        return (history, gateway, contracts);
    }
}
