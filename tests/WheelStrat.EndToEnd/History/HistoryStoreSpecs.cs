using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WheelStrat.EndToEnd.Support;
using WheelStrat.Tws.Messages.Requests;

namespace WheelStrat.EndToEnd.History;

/// <summary>
/// The bar store against the real simulator and a real database (SQLite file, PostgreSQL): bars fetched
/// once are never fetched again, wider ranges ask only for what is missing, and the store outlives the
/// process. The in-memory result cache is off here, so every answer without IB comes from the store.
/// </summary>
public sealed class HistoryStoreSpecs
{
    private const string Aapl = "/history?symbol=AAPL&barSize=1%20hour&whatToShow=MIDPOINT&end=2026-11-20T21:00:00Z";

    [Theory]
    [InlineData(JournalDatabase.Sqlite)]
    [InlineData(JournalDatabase.PostgreSql)]
    public async Task A_range_is_fetched_once_a_wider_one_only_for_its_missing_part_and_the_store_outlives_a_restart(string journal)
    {
        var settings = await SettingsAsync(journal);
        await using (var sb = await SimulatedBridge.StartAsync(settings: settings))
        {
            var first = await Json(sb, Aapl + "&duration=5%20D");
            Assert.Equal(35, Bars(first).Count); // Mon 16 – Fri 20 November, seven RTH hours a day
            Assert.Equal(1, first.GetProperty("ibRequests").GetInt32());
            Assert.Single(sb.Gateway.Log.Of<ReqHistoricalData>());

            var again = await Json(sb, Aapl + "&duration=5%20D");
            Assert.Equal(0, again.GetProperty("ibRequests").GetInt32());
            Assert.Equal(35, again.GetProperty("fromStore").GetInt32());
            Assert.Equal(Bars(first), Bars(again));
            Assert.Single(sb.Gateway.Log.Of<ReqHistoricalData>());

            var wider = await Json(sb, Aapl + "&duration=10%20D");
            var missing = sb.Gateway.Log.Of<ReqHistoricalData>()[^1];
            Assert.Equal(2, sb.Gateway.Log.Of<ReqHistoricalData>().Count);
            Assert.Equal("20261115-21:00:00", missing.EndDateTime); // where the stored range begins
            Assert.Equal("5 D", missing.DurationStr);
            Assert.Equal(56, Bars(wider).Count); // plus Wed 11 – Fri 13
            Assert.Equal(35, wider.GetProperty("fromStore").GetInt32());
            Assert.Equal(Bars(first), Bars(wider)[^35..]);
        }

        await using var restarted = await SimulatedBridge.StartAsync(settings: settings);
        var afterRestart = await Json(restarted, Aapl + "&duration=10%20D");
        Assert.Equal(56, afterRestart.GetProperty("fromStore").GetInt32());
        Assert.Empty(restarted.Gateway.Log.Of<ReqHistoricalData>());
    }

    [Theory]
    [InlineData(JournalDatabase.Sqlite)]
    [InlineData(JournalDatabase.PostgreSql)]
    public async Task Bars_are_UTC_across_a_daylight_saving_change_and_for_daily_bars_from_IB_and_from_the_store(string journal)
    {
        await using var sb = await SimulatedBridge.StartAsync(settings: await SettingsAsync(journal));
        // New York moved to summer time on Sunday 8 March 2026: the 09:30 open is 14:30Z before, 13:30Z after.
        const string hourly = "/history?symbol=SPY&barSize=1%20hour&duration=5%20D&end=2026-03-11T00:00:00Z";
        const string daily = "/history?symbol=SPY&barSize=1%20day&duration=10%20D&end=2026-03-11T00:00:00Z";
        for (var pass = 0; pass < 2; pass++) // from IB, then from the store
        {
            var opens = Bars(await Json(sb, hourly)).GroupBy(t => t[..10]).Select(g => g.First()).ToList();
            Assert.Equal(["2026-03-06T14:30:00Z", "2026-03-09T13:30:00Z", "2026-03-10T13:30:00Z"], opens);

            // A daily bar is its trading date's midnight in New York, as a UTC instant.
            Assert.Equal(
                ["2026-03-02T05:00:00Z", "2026-03-03T05:00:00Z", "2026-03-04T05:00:00Z", "2026-03-05T05:00:00Z", "2026-03-06T05:00:00Z", "2026-03-09T04:00:00Z", "2026-03-10T04:00:00Z"],
                Bars(await Json(sb, daily)));
        }

        Assert.Equal(2, sb.Gateway.Log.Of<ReqHistoricalData>().Count);
    }

    [Theory]
    [InlineData(JournalDatabase.Sqlite)]
    [InlineData(JournalDatabase.PostgreSql)]
    public async Task An_expired_option_IB_no_longer_knows_is_still_served_from_the_store(string journal)
    {
        var settings = await SettingsAsync(journal);
        string query;
        List<string> stored;
        await using (var sb = await SimulatedBridge.StartAsync(settings: settings))
        {
            var chain = await Json(sb, "/option-chain?symbol=AAPL");
            var strikes = chain.GetProperty("strikes").EnumerateArray().Select(s => s.GetDouble()).ToList();
            query = $"/history?symbol=AAPL&secType=OPT&expiration={chain.GetProperty("expirations")[0].GetString()}&strike={strikes[strikes.Count / 2]}&right=P" +
                "&barSize=1%20hour&duration=5%20D&end=2026-11-21T00:00:00Z";
            stored = Bars(await Json(sb, query));
            Assert.Equal(35, stored.Count);
        }

        // Two months on, the expiration has gone from IB's listings: contract details answer 200.
        await using var later = await SimulatedBridge.StartAsync(settings: settings, clock: new ShiftedClock(TimeSpan.FromDays(60)));
        using var refused = await later.Http.GetAsync(query.Replace("/history", "/quote", StringComparison.Ordinal).Split("&barSize")[0]);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);

        var fromStore = await Json(later, query);
        Assert.Equal(stored, Bars(fromStore));
        Assert.Equal(35, fromStore.GetProperty("fromStore").GetInt32());
        Assert.Empty(later.Gateway.Log.Of<ReqHistoricalData>());
    }

    [Fact]
    public async Task The_still_open_bar_is_served_but_not_kept_and_csv_is_offered()
    {
        await using var sb = await SimulatedBridge.StartAsync(settings: await SettingsAsync(JournalDatabase.Sqlite));
        await Json(sb, "/history?symbol=MSFT&barSize=1%20hour&duration=3%20D");
        await Json(sb, "/history?symbol=MSFT&barSize=1%20hour&duration=3%20D");

        // The second call asks IB again only for the last bar's period, which may still change.
        var requests = sb.Gateway.Log.Of<ReqHistoricalData>();
        Assert.Equal(2, requests.Count);
        Assert.Equal("3 D", requests[0].DurationStr);
        Assert.EndsWith(" S", requests[1].DurationStr, StringComparison.Ordinal);
        Assert.InRange(int.Parse(requests[1].DurationStr[..^2], System.Globalization.CultureInfo.InvariantCulture), 3600, 3700);

        using var csvRequest = new HttpRequestMessage(HttpMethod.Get, Aapl + "&duration=2%20D");
        csvRequest.Headers.Accept.ParseAdd("text/csv");
        using var csv = await sb.Http.SendAsync(csvRequest);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        Assert.Equal("time,open,high,low,close,volume,wap,count", lines[0]);
        Assert.Equal(14, lines.Length - 1); // Thursday and Friday
        Assert.StartsWith("2026-11-19T14:30:00Z,", lines[1], StringComparison.Ordinal);
    }

    private static async Task<Dictionary<string, string?>> SettingsAsync(string journal) =>
        new((await JournalDatabase.CreateAsync(journal)).Settings) { ["History:CacheTtl"] = "00:00:00" };

    private static List<string> Bars(JsonElement history) =>
        [.. history.GetProperty("bars").EnumerateArray().Select(b => b.GetProperty("time").GetDateTimeOffset().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture))];

    private static async Task<JsonElement> Json(SimulatedBridge sb, string path)
    {
        using var response = await sb.Http.GetAsync(path);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} → {(int)response.StatusCode}: {body}");
        return body;
    }
}
