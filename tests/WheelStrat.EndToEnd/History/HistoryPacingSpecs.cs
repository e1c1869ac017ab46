using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using WheelStrat.EndToEnd.Support;
using WheelStrat.Simulator;
using WheelStrat.Tws.Messages.Requests;

namespace WheelStrat.EndToEnd.History;

/// <summary>IB's limits checked before anything is queued, and a pacing budget that keeps interactive callers first.</summary>
public sealed class HistoryPacingSpecs(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly string[] Symbols = ["AAPL", "AMZN", "MSFT", "META", "NVDA", "TSLA", "SPY", "QQQ"];

    [Fact]
    public async Task Ten_years_of_one_second_bars_is_a_400_naming_IBs_limit_before_any_IB_request()
    {
        await using var sb = await SimulatedBridge.StartAsync(new SimulatorOptions { EnforcePacing = true, TickInterval = TimeSpan.FromMilliseconds(200) });

        using var response = await sb.Http.GetAsync("/history?symbol=SPY&duration=10%20Y&barSize=1%20secs");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("six months", problem.GetProperty("limit").GetString(), StringComparison.Ordinal);
        Assert.Equal("183 D", problem.GetProperty("largestDuration").GetString());
        Assert.Empty(sb.Gateway.Log.Of<ReqHistoricalData>());

        // Any history call still answers at once afterwards: nothing was queued.
        var next = await sb.JsonAsync("/history?symbol=SPY&duration=1%20D&barSize=1%20hour");
        Assert.Equal(1, next.GetProperty("ibRequests").GetInt32());
    }

    [Fact]
    public async Task A_query_needing_more_IB_requests_than_allowed_is_a_422_with_the_count_and_sends_nothing()
    {
        await using var sb = await SimulatedBridge.StartAsync(new SimulatorOptions { EnforcePacing = true, TickInterval = TimeSpan.FromMilliseconds(200) });

        // Five years of 1-minute bars: IB allows one day per request.
        using var response = await sb.Http.GetAsync("/history?symbol=SPY&duration=5%20Y&barSize=1%20min");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.InRange(problem.GetProperty("ibRequests").GetInt32(), 1800, 1900);
        Assert.Equal(20, problem.GetProperty("maxIbRequests").GetInt32());
        Assert.Empty(sb.Gateway.Log.Of<ReqHistoricalData>());
    }

    [Fact]
    public async Task With_asJob_a_query_too_large_to_wait_for_becomes_a_history_job_and_one_beyond_IBs_limits_stays_a_400()
    {
        var settings = new Dictionary<string, string?> { ["History:MaxIbRequestsPerQuery"] = "2" };
        await using var sb = await SimulatedBridge.StartAsync(new SimulatorOptions { EnforcePacing = true, TickInterval = TimeSpan.FromMilliseconds(200) }, settings);
        // A fixed end: the same query later is the same window, so the same job.
        const string query = "/history?symbol=SPY&duration=5%20D&barSize=1%20min&whatToShow=TRADES&end=2026-11-21T00:00:00Z";

        // Five days of 1-minute bars is five IB requests: more than this bridge lets one caller wait for.
        using (var refused = await sb.Http.GetAsync(query))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        }

        using var created = await sb.Http.GetAsync(query + "&asJob=true");
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var job = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = job.GetProperty("id").GetString()!;
        Assert.Equal($"/history/jobs/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("STK", job.GetProperty("spec").GetProperty("secType").GetString());
        Assert.Equal("TRADES", job.GetProperty("spec").GetProperty("whatToShow").GetString());

        var done = await JobAsync(sb.Http, id, j => j.GetProperty("state").GetString() is "completed" or "failed");
        Assert.Equal("completed", done.GetProperty("state").GetString());
        Assert.Equal(1, done.GetProperty("done").GetInt32());
        Assert.True(done.GetProperty("bars").GetInt64() > 0, done.ToString());
        Assert.All(sb.Gateway.Log.Of<ReqHistoricalData>(), r => Assert.Equal("SPY", r.Contract.Symbol));
        Assert.Equal(0, sb.Gateway.PacingViolations);

        // The same query again is the same job; beyond IB's limits no job is made.
        using (var again = await sb.Http.GetAsync(query + "&asJob=true"))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal(id, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        }

        using var implausible = await sb.Http.GetAsync("/history?symbol=SPY&duration=10%20Y&barSize=1%20secs&asJob=true");
        Assert.Equal(HttpStatusCode.BadRequest, implausible.StatusCode);
        Assert.Equal("183 D", (await implausible.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("largestDuration").GetString());
        using var badFlag = await sb.Http.GetAsync(query + "&asJob=maybe");
        Assert.Equal(HttpStatusCode.BadRequest, badFlag.StatusCode);
        Assert.True((await badFlag.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("asJob", out _));
        Assert.Single(await sb.Http.GetFromJsonAsync<JsonElement[]>("/history/jobs") ?? []);
    }

    [Fact]
    public async Task While_a_200_contract_job_runs_interactive_history_answers_in_time_or_429_with_Retry_After_never_504()
    {
        var settings = new Dictionary<string, string?> { ["History:Wait"] = "00:00:10", ["History:JobConcurrency"] = "4" };
        await using var sb = await SimulatedBridge.StartAsync(new SimulatorOptions { EnforcePacing = true, TickInterval = TimeSpan.FromMilliseconds(200) }, settings);
        using var created = await sb.Http.PostAsync("/history/jobs", new StringContent(await TwoHundredContractsAsync(sb.Http), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal(200, (await JobAsync(sb.Http, id, j => j.GetProperty("planned").GetInt32() > 0)).GetProperty("planned").GetInt32());
        await JobAsync(sb.Http, id, j => j.GetProperty("done").GetInt32() >= 25);
        await JobStalledAsync(sb);

        var queries = Symbols.SelectMany(s => new[] { "1 D", "2 D", "3 D", "4 D", "5 D" }.Select(d => $"/history?symbol={s}&barSize=1%20hour&duration={Uri.EscapeDataString(d)}")).ToList();
        var first = await Task.WhenAll(queries.Take(10).Select(q => TimedAsync(sb.Http, q)));
        Report("10 interactive beside the job", first);

        // IB's 60 per 10 minutes: the job has used at most its 30; the 10 interactive ones had slots of their own.
        Assert.All(first, a => Assert.True(a.Status == HttpStatusCode.OK, a.ToString()));
        var jobRequests = sb.Gateway.Log.Of<ReqHistoricalData>().Count(r => r.Contract.SecType == "OPT");
        Assert.InRange(jobRequests, 25, 30);

        // 25 more: the budget runs out; those it cannot send in time are told so at once, with when to come back.
        var more = await Task.WhenAll(queries.Skip(10).Take(25).Select(q => TimedAsync(sb.Http, q)));
        Report("25 more: the budget runs out", more);
        Assert.All(more, a => Assert.True(a.Status is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, a.ToString()));
        var refused = more.Where(a => a.Status == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, a =>
        {
            Assert.InRange(a.RetryAfterSeconds!.Value, 1, 620);
            Assert.True(a.Elapsed < TimeSpan.FromSeconds(10), a.ToString());
        });
        Assert.Equal(0, sb.Gateway.PacingViolations);

        var pacing = (await sb.HealthAsync()).GetProperty("historyPacing");
        Assert.Equal(60, pacing.GetProperty("limit").GetInt32());
        Assert.Equal(30, pacing.GetProperty("reserved").GetInt32());
        Assert.InRange(pacing.GetProperty("usedByJobs").GetInt32(), 25, 30);
        Assert.True(pacing.GetProperty("queuedJobs").GetInt32() > 0, pacing.ToString());
        Assert.NotEqual("00:00:00", pacing.GetProperty("nextSlotIn").GetString());
    }

    /// <summary>What docs/benchmarks.md quotes: status counts and latencies.</summary>
    private void Report(string what, Answer[] answers)
    {
        var ms = answers.Select(a => a.Elapsed.TotalMilliseconds).Order().ToList();
        var statuses = string.Join(", ", answers.GroupBy(a => (int)a.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()}×{g.Key}"));
        output.WriteLine($"{what}: {statuses}; latency p50 {ms[ms.Count / 2]:0} ms, max {ms[^1]:0} ms; Retry-After {string.Join(",", answers.Select(a => a.RetryAfterSeconds).OfType<int>().Distinct())}");
    }

    /// <summary>The job has spent what pacing lets it spend: no new IB request for a second.</summary>
    private static async Task JobStalledAsync(SimulatedBridge sb)
    {
        int JobRequests() => sb.Gateway.Log.Of<ReqHistoricalData>().Count(r => r.Contract.SecType == "OPT");
        var seen = JobRequests();
        await SimulatedBridge.EventuallyAsync(async () =>
        {
            var before = seen;
            await Task.Delay(TimeSpan.FromSeconds(1));
            seen = JobRequests();
            return seen == before;
        }, "the job waits for pacing", TimeSpan.FromSeconds(60), () => $"{seen} job requests");
    }

    private static async Task<Answer> TimedAsync(HttpClient http, string query)
    {
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(query);
        var retryAfter = response.Headers.RetryAfter?.Delta is { } delta ? (int?)delta.TotalSeconds : null;
        return new Answer(query, response.StatusCode, clock.Elapsed, retryAfter, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Four expirations × the 25 strikes nearest spot × puts and calls.</summary>
    private static async Task<string> TwoHundredContractsAsync(HttpClient http)
    {
        var chain = await http.GetFromJsonAsync<JsonElement>("/option-chain?symbol=AAPL");
        var spot = (await http.GetFromJsonAsync<JsonElement>("/quote?symbol=AAPL")).GetProperty("last").GetDouble();
        var strikes = chain.GetProperty("strikes").EnumerateArray().Select(s => s.GetDouble()).OrderBy(s => Math.Abs(s - spot)).Take(25).Order();
        var expirations = chain.GetProperty("expirations").EnumerateArray().Select(e => e.GetString()).ToList();
        return JsonSerializer.Serialize(new
        {
            symbol = "AAPL", expirationFrom = expirations[0], expirationTo = expirations[3], strikes, rights = new[] { "P", "C" },
            barSize = "1 hour", whatToShow = "MIDPOINT", from = "2026-11-16T00:00:00Z", to = "2026-11-21T00:00:00Z",
        });
    }

    private static async Task<JsonElement> JobAsync(HttpClient http, string id, Func<JsonElement, bool> condition)
    {
        JsonElement Job() => http.GetFromJsonAsync<JsonElement>($"/history/jobs/{id}").Result;
        await SimulatedBridge.EventuallyAsync(() => condition(Job()), "the job progressed", TimeSpan.FromSeconds(60), () => Job().ToString());
        return Job();
    }

    private sealed record Answer(string Query, HttpStatusCode Status, TimeSpan Elapsed, int? RetryAfterSeconds, string Body);
}
