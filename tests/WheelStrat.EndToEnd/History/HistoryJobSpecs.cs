using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using WheelStrat.EndToEnd.Support;
using WheelStrat.Simulator;
using WheelStrat.Simulator.Server;
using WheelStrat.Tws.Messages.Requests;

namespace WheelStrat.EndToEnd.History;

/// <summary>Bulk chain history: planned, paced, stored, resumable, and one job however often it is submitted.</summary>
public sealed class HistoryJobSpecs
{
    [Fact]
    public async Task A_job_over_40_option_contracts_completes_under_enforced_pacing_and_the_same_job_twice_is_one_job()
    {
        // 40 requests are more than the unreserved share of IB's 60: here the job may have all of them.
        var settings = new Dictionary<string, string?>((await JournalDatabase.CreateAsync(JournalDatabase.Sqlite)).Settings) { ["History:InteractiveShare"] = "0" };
        await using var sb = await SimulatedBridge.StartAsync(
            new SimulatorOptions { EnforcePacing = true, TickInterval = TimeSpan.FromMilliseconds(200) }, settings);
        var body = await FortyContractsAsync(sb.Http);

        using var created = await Post(sb.Http, body);
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using var again = await Post(sb.Http, body);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(id, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());

        var job = await CompletedAsync(sb.Http, id, TimeSpan.FromSeconds(90));
        Assert.Equal(40, job.GetProperty("planned").GetInt32());
        Assert.Equal(40, job.GetProperty("done").GetInt32());
        Assert.Equal(0, job.GetProperty("failed").GetInt32());
        Assert.True(job.GetProperty("bars").GetInt64() >= 40 * 7, job.ToString());
        Assert.Equal(0, sb.Gateway.PacingViolations);
        Assert.Equal(40, sb.Gateway.Log.Of<ReqHistoricalData>().Count);

        // The morning's backtest: straight from the store.
        var contract = sb.Gateway.Log.Of<ReqHistoricalData>()[7].Contract;
        var history = await sb.Http.GetFromJsonAsync<JsonElement>(
            $"/history?symbol=AAPL&secType=OPT&expiration={contract.LastTradeDateOrContractMonth}&strike={contract.Strike}&right={contract.Right}" +
            "&barSize=1%20hour&duration=5%20D&end=2026-11-21T00:00:00Z");
        Assert.Equal(0, history.GetProperty("ibRequests").GetInt32());
        Assert.Equal(40, sb.Gateway.Log.Of<ReqHistoricalData>().Count);

        var list = await sb.Http.GetFromJsonAsync<JsonElement>("/history/jobs");
        Assert.Equal(id, Assert.Single(list.EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Killed_mid_job_the_bridge_resumes_it_after_restart_without_fetching_stored_bars_again()
    {
        // Few ticks: slowed replies then hold up history, not a backlog of quotes.
        await using var gateway = new PaperGateway(new SimulatorOptions { EnforcePacing = true, TickInterval = TimeSpan.FromSeconds(5) });
        await gateway.StartAsync();
        var db = await JournalDatabase.CreateAsync(JournalDatabase.Sqlite);
        var environment = new Dictionary<string, string>(db.Environment) { ["History__JobConcurrency"] = "1", ["History__InteractiveShare"] = "0" };
        string id;
        using (var first = BridgeProcess.Start(gateway.Port, environment))
        {
            await first.WaitUntilConnectedAsync();
            var body = await FortyContractsAsync(first.Http);
            gateway.Faults.SlowRepliesMs = 150; // slow enough to be mid-job when the kill comes
            using var created = await Post(first.Http, body);
            id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            // Planning (chain, spot, contracts) comes first; in a loaded full suite that alone has taken most of 30 s.
            await SimulatedBridge.EventuallyAsync(() => Job(first.Http, id).GetProperty("done").GetInt32() >= 5, "five contracts done", TimeSpan.FromSeconds(90));
            await first.KillHardAsync();
        }

        var beforeKill = gateway.Log.Of<ReqHistoricalData>().Count;
        Assert.InRange(beforeKill, 5, 39);
        gateway.Faults.SlowRepliesMs = 0;

        using var second = BridgeProcess.Start(gateway.Port, environment);
        await second.WaitUntilConnectedAsync();
        var job = await CompletedAsync(second.Http, id, TimeSpan.FromSeconds(90));
        Assert.Equal(40, job.GetProperty("done").GetInt32());

        // At most the one contract in flight at the kill is asked twice; everything stored is not.
        var perContract = gateway.Log.Of<ReqHistoricalData>().GroupBy(r => (r.Contract.Strike, r.Contract.Right)).ToList();
        Assert.Equal(40, perContract.Count);
        Assert.True(perContract.Count(g => g.Count() > 1) <= 1, string.Join(", ", perContract.Where(g => g.Count() > 1).Select(g => g.Key)));
        Assert.Equal(0, gateway.PacingViolations);
    }

    [Fact]
    public async Task The_scheduled_prefetch_fills_the_store_so_a_later_backtest_asks_IB_nothing()
    {
        var at = DateTimeOffset.UtcNow.AddSeconds(8); // after the bridge is up, even on a loaded machine
        var settings = new Dictionary<string, string?>((await JournalDatabase.CreateAsync(JournalDatabase.Sqlite)).Settings)
        {
            ["History:CacheTtl"] = "00:00:00",
            ["History:Prefetch:At"] = at.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
            ["History:Prefetch:TimeZone"] = "UTC",
            ["History:Prefetch:WeekdaysOnly"] = "false",
            ["History:Prefetch:Watchlists:0:Symbols:0"] = "MSFT",
            ["History:Prefetch:Watchlists:0:ExpirationsAhead"] = "1",
            ["History:Prefetch:Watchlists:0:StrikeWindowPct"] = "3",
            ["History:Prefetch:Watchlists:0:Rights:0"] = "P",
            ["History:Prefetch:Watchlists:0:Days"] = "4",
        };
        await using var sb = await SimulatedBridge.StartAsync(settings: settings);

        await SimulatedBridge.EventuallyAsync(() => sb.Http.GetFromJsonAsync<JsonElement>("/history/jobs").Result.GetArrayLength() == 1, "the prefetch job submitted");
        var id = (await sb.Http.GetFromJsonAsync<JsonElement>("/history/jobs"))[0].GetProperty("id").GetString()!;
        var job = await CompletedAsync(sb.Http, id, TimeSpan.FromSeconds(60));
        Assert.True(job.GetProperty("planned").GetInt32() > 0, job.ToString());
        Assert.Equal(job.GetProperty("planned").GetInt32(), job.GetProperty("done").GetInt32());
        Assert.All(sb.Gateway.Log.Of<ReqHistoricalData>(), r => Assert.Equal(("MSFT", "P", "1 hour"), (r.Contract.Symbol, r.Contract.Right, r.BarSizeSetting)));

        // A backtest over the prefetched days, ending before the still-open last hour.
        var requests = sb.Gateway.Log.Of<ReqHistoricalData>().Count;
        var contract = sb.Gateway.Log.Of<ReqHistoricalData>()[0].Contract;
        var end = job.GetProperty("spec").GetProperty("to").GetDateTimeOffset().AddHours(-2);
        var backtest = await sb.Http.GetFromJsonAsync<JsonElement>(
            $"/history?symbol=MSFT&secType=OPT&expiration={contract.LastTradeDateOrContractMonth}&strike={contract.Strike}&right=P&barSize=1%20hour&duration=3%20D" +
            $"&end={Uri.EscapeDataString(end.ToString("O"))}");
        Assert.Equal(0, backtest.GetProperty("ibRequests").GetInt32());
        Assert.Equal(requests, sb.Gateway.Log.Of<ReqHistoricalData>().Count);
    }

    [Fact]
    public async Task A_finished_job_leaves_the_actor_tree_after_its_idle_time_and_is_still_answered_with_its_final_view()
    {
        await using var sb = await SimulatedBridge.StartAsync(settings: new Dictionary<string, string?> { ["History:JobPassivateAfter"] = "00:00:00.300" });
        using var created = await Post(sb.Http, await NearestStrikesAsync(sb.Http, 2));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var final = (await CompletedAsync(sb.Http, id, TimeSpan.FromSeconds(60))).ToString();

        await SimulatedBridge.EventuallyAsync(() => !JobActorAlive(sb.Http, id), "the finished job's actor stopped");
        Assert.Equal(final, Job(sb.Http, id).ToString());
        Assert.Equal(final, Assert.Single((await sb.Http.GetFromJsonAsync<JsonElement>("/history/jobs")).EnumerateArray()).ToString());
        using var cancel = await sb.Http.DeleteAsync($"/history/jobs/{id}");
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal(final, (await cancel.Content.ReadFromJsonAsync<JsonElement>()).ToString());
        Assert.False(JobActorAlive(sb.Http, id), "answering for a settled job starts no actor");
        Assert.Equal(4, sb.Gateway.Log.Of<ReqHistoricalData>().Count);
    }

    [Theory]
    [InlineData("""{"expiration":"20261218","strikes":[200],"from":"2026-11-01","to":"2026-11-20"}""", "symbol")]
    [InlineData("""{"symbol":"AAPL","strikes":[200],"from":"2026-11-01","to":"2026-11-20"}""", "expiration")]
    [InlineData("""{"symbol":"AAPL","expiration":"20261218","from":"2026-11-01","to":"2026-11-20"}""", "strikes")]
    [InlineData("""{"symbol":"AAPL","expiration":"20261218","strikes":[200],"rights":["X"],"from":"2026-11-01","to":"2026-11-20"}""", "rights")]
    [InlineData("""{"symbol":"AAPL","expiration":"20261218","strikes":[200],"barSize":"7 mins","from":"2026-11-01","to":"2026-11-20"}""", "barSize")]
    [InlineData("""{"symbol":"AAPL","expiration":"20261218","strikes":[200],"from":"2026-11-20","to":"2026-11-01"}""", "to")]
    [InlineData("""{"symbol":"AAPL","expirationsAhead":99,"strikeWindowPct":10,"from":"2026-11-01","to":"2026-11-20"}""", "expirationsAhead")]
    public async Task A_bad_job_is_a_400_naming_the_field(string body, string field)
    {
        await using var sb = await SimulatedBridge.StartAsync();
        using var response = await Post(sb.Http, body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await sb.Http.GetAsync("/history/jobs/hj-unknown")).StatusCode);
    }

    [Fact]
    public async Task A_job_beyond_IBs_limits_is_a_400_naming_from_and_the_largest_duration_before_anything_is_queued()
    {
        await using var sb = await SimulatedBridge.StartAsync(new SimulatorOptions { EnforcePacing = true, TickInterval = TimeSpan.FromMilliseconds(200) });
        var now = DateTimeOffset.UtcNow;
        // 1-second bars over a year: IB keeps bars of 30 secs or less for six months only.
        var body = JsonSerializer.Serialize(new
        {
            symbol = "AAPL", expirationsAhead = 2, strikeWindowPct = 5, barSize = "1 secs",
            from = now.AddYears(-1).ToString("O"), to = now.AddHours(-12).ToString("O"),
        });

        using var response = await Post(sb.Http, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("six months", problem.GetProperty("errors").GetProperty("from")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("182 D", problem.GetProperty("largestDuration").GetString());
        Assert.Empty(await sb.Http.GetFromJsonAsync<JsonElement[]>("/history/jobs") ?? []);
        Assert.Empty(sb.Gateway.Log.Of<ReqSecDefOptParams>());
        Assert.Empty(sb.Gateway.Log.Of<ReqHistoricalData>());
    }

    /// <summary>The nearest expiration, the 20 listed strikes closest to spot, puts and calls.</summary>
    private static Task<string> FortyContractsAsync(HttpClient http) => NearestStrikesAsync(http, 20);

    /// <summary>The nearest expiration, the <paramref name="count"/> listed strikes closest to spot, puts and calls.</summary>
    private static async Task<string> NearestStrikesAsync(HttpClient http, int count)
    {
        var chain = await http.GetFromJsonAsync<JsonElement>("/option-chain?symbol=AAPL");
        var quote = await http.GetFromJsonAsync<JsonElement>("/quote?symbol=AAPL");
        var spot = quote.GetProperty("last").GetDouble();
        var strikes = chain.GetProperty("strikes").EnumerateArray().Select(s => s.GetDouble()).OrderBy(s => Math.Abs(s - spot)).Take(count).Order();
        var expiration = chain.GetProperty("expirations")[0].GetString();
        return JsonSerializer.Serialize(new
        {
            symbol = "AAPL", expiration, strikes, rights = new[] { "P", "C" }, barSize = "1 hour", whatToShow = "MIDPOINT",
            from = "2026-11-16T00:00:00Z", to = "2026-11-21T00:00:00Z",
        });
    }

    private static Task<HttpResponseMessage> Post(HttpClient http, string body) =>
        http.PostAsync("/history/jobs", new StringContent(body, Encoding.UTF8, "application/json"));

    private static JsonElement Job(HttpClient http, string id) => http.GetFromJsonAsync<JsonElement>($"/history/jobs/{id}").Result;

    private static bool JobActorAlive(HttpClient http, string id) =>
        http.GetFromJsonAsync<JsonElement>("/admin/actors").Result.GetProperty("actors").EnumerateArray()
            .Any(a => a.GetProperty("kind").GetString() == "history-job" && a.GetProperty("owns").GetString() == id);

    private static async Task<JsonElement> CompletedAsync(HttpClient http, string id, TimeSpan within)
    {
        await SimulatedBridge.EventuallyAsync(() => Job(http, id).GetProperty("state").GetString() is "completed" or "failed" or "cancelled", "the job finished",
            within, () => Job(http, id).ToString());
        var job = Job(http, id);
        Assert.True(job.GetProperty("state").GetString() == "completed", job.ToString());
        return job;
    }
}
