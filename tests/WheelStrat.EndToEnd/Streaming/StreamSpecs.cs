using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using WheelStrat.EndToEnd.Support;
using WheelStrat.Simulator;
using WheelStrat.Tws.Messages.Requests;

namespace WheelStrat.EndToEnd.Streaming;

/// <summary>GET /stream against the simulator over real HTTP: what a phone sees instead of polling.</summary>
public sealed partial class StreamSpecs
{
    [Fact]
    public async Task A_stream_shows_quote_changes_an_order_going_Submitted_to_Filled_and_its_fill_with_commission()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        await using var stream = await SseClient.OpenAsync(sb.Bridge.Url, "instruments=AAPL&orders=true&executions=true");

        await stream.WaitForAsync("health", h => h.GetProperty("status").GetString() == "ok", "the current health first");
        var first = await stream.WaitForAsync("quote", q => q.GetProperty("key").GetString() == "AAPL" && q.GetProperty("bid").ValueKind == JsonValueKind.Number, "an AAPL quote");
        await stream.WaitForAsync("quote", q => q.GetProperty("key").GetString() == "AAPL" && q.GetProperty("asOf").GetString() != first.Json.GetProperty("asOf").GetString()
            && (q.GetProperty("bid").ToString() != first.Json.GetProperty("bid").ToString() || q.GetProperty("last").ToString() != first.Json.GetProperty("last").ToString()),
            "a changed AAPL quote");

        var (status, _) = await sb.PlaceAsync("""{"symbol":"AAPL","action":"BUY","quantity":5,"orderType":"MKT"}""", "stream-fill-1");
        Assert.Equal(HttpStatusCode.Created, status);
        await stream.WaitForAsync("order", o => o.GetProperty("idempotencyKey").GetString() == "stream-fill-1" && o.GetProperty("status").GetString() == "Filled", "the order filled");
        await stream.WaitForAsync("execution", t => t.GetProperty("orderRef").GetString() == "stream-fill-1" && t.GetProperty("commission").ValueKind == JsonValueKind.Number,
            "the fill with its commission");

        var statuses = stream.Of("order").Select(e => e.Json).Where(o => o.GetProperty("idempotencyKey").GetString() == "stream-fill-1")
            .Select(o => o.GetProperty("status").GetString()).ToList();
        Assert.True(statuses.IndexOf("Submitted") >= 0 && statuses.IndexOf("Submitted") < statuses.IndexOf("Filled"), string.Join(",", statuses));
        var fill = stream.Of("execution").Last(e => e.Json.GetProperty("orderRef").GetString() == "stream-fill-1").Json;
        Assert.Equal(1.0, fill.GetProperty("commission").GetDouble());
        Assert.Equal(5, fill.GetProperty("quantity").GetDecimal());
        Assert.All(stream.Events.Where(e => e.Type is "order" or "execution"), e => Assert.NotNull(e.Id));
        Assert.All(stream.Of("quote"), e => Assert.Null(e.Id));
    }

    [Theory]
    [InlineData(JournalDatabase.Sqlite)]
    [InlineData(JournalDatabase.PostgreSql)]
    public async Task A_client_that_drops_and_resumes_with_Last_Event_ID_loses_nothing_and_sees_nothing_twice(string journal)
    {
        await using var sb = await SimulatedBridge.StartAsync(settings: (await JournalDatabase.CreateAsync(journal)).Settings);
        var first = await SseClient.OpenAsync(sb.Bridge.Url, "orders=true&executions=true&health=false");
        await sb.PlaceAsync("""{"symbol":"MSFT","action":"BUY","quantity":2,"orderType":"MKT"}""", "resume-1");
        await first.WaitForAsync("execution", t => t.GetProperty("orderRef").GetString() == "resume-1" && t.GetProperty("commission").ValueKind == JsonValueKind.Number, "the first fill");
        await Task.Delay(500);
        await first.DisposeAsync();
        var seen = first.Events;
        var lastId = seen.Last(e => e.Id is not null).Id!.Value;

        // Away for a while: two more orders fill.
        await sb.PlaceAsync("""{"symbol":"NVDA","action":"BUY","quantity":3,"orderType":"MKT"}""", "resume-2");
        await sb.PlaceAsync("""{"symbol":"TSLA","action":"SELL","quantity":1,"orderType":"MKT"}""", "resume-3");
        await SimulatedBridge.EventuallyAsync(async () => (await sb.JsonAsync("/executions")).GetProperty("items").EnumerateArray()
            .Count(t => t.GetProperty("orderRef").GetString() is "resume-2" or "resume-3" && t.GetProperty("commission").ValueKind == JsonValueKind.Number) == 2, "both fills journaled");

        await using var second = await SseClient.OpenAsync(sb.Bridge.Url, "orders=true&executions=true&health=false", lastEventId: lastId);
        await second.WaitForAsync("execution", t => t.GetProperty("orderRef").GetString() == "resume-3" && t.GetProperty("commission").ValueKind == JsonValueKind.Number, "the missed fill");
        await second.WaitForAsync("order", o => o.GetProperty("idempotencyKey").GetString() == "resume-3" && o.GetProperty("status").GetString() == "Filled", "the missed order");
        await sb.PlaceAsync("""{"symbol":"SPY","action":"BUY","quantity":1,"orderType":"MKT"}""", "resume-4");
        await second.WaitForAsync("order", o => o.GetProperty("idempotencyKey").GetString() == "resume-4" && o.GetProperty("status").GetString() == "Filled", "then live");

        // Both kinds together are the whole feed: its ids run on without a gap or a repeat across the drop.
        var ids = seen.Concat(second.Events).Where(e => e.Id is not null).Select(e => e.Id!.Value).ToList();
        Assert.Equal(ids.Distinct().Count(), ids.Count);
        Assert.Equal(Enumerable.Range((int)ids[0], ids.Count).Select(i => (long)i), ids);
        Assert.Equal(lastId + 1, second.Events.First(e => e.Id is not null).Id);
        Assert.Contains(second.Of("order"), o => o.Json.GetProperty("idempotencyKey").GetString() == "resume-2" && o.Json.GetProperty("status").GetString() == "Filled");
    }

    [Fact]
    public async Task A_resume_older_than_the_window_says_reset_and_carries_on_live()
    {
        await using var sb = await SimulatedBridge.StartAsync(settings: new Dictionary<string, string?> { ["Streaming:FeedRetention"] = "10", ["Streaming:FeedSnapshotEvery"] = "4" });

        // A live watcher sees a feed entry only once it is written: when it has all four commissions, the feed holds
        // more than its window (the journal of fills can be ahead of the feed on a loaded machine).
        await using var watcher = await SseClient.OpenAsync(sb.Bridge.Url, "orders=true&executions=true&health=false");
        for (var i = 0; i < 4; i++)
        {
            await sb.PlaceAsync("""{"symbol":"AAPL","action":"BUY","quantity":1,"orderType":"MKT"}""", $"window-{i}");
        }

        await SimulatedBridge.EventuallyAsync(() => watcher.Of("execution").Count(e => e.Json.GetProperty("commission").ValueKind == JsonValueKind.Number) == 4,
            "four fills with their commissions on the feed");
        await using var stream = await SseClient.OpenAsync(sb.Bridge.Url, "orders=true&executions=true&health=false", lastEventId: 1);
        var reset = await stream.WaitForAsync("reset", _ => true, "a reset");
        Assert.True(reset.Json.GetProperty("oldest").GetInt64() > 2, reset.Data);
        Assert.Equal(reset.Json.GetProperty("latest").GetInt64(), reset.Id);
        await sb.PlaceAsync("""{"symbol":"AAPL","action":"BUY","quantity":1,"orderType":"MKT"}""", "window-live");
        await stream.WaitForAsync("order", o => o.GetProperty("idempotencyKey").GetString() == "window-live", "live after the reset");
    }

    [Fact]
    public async Task Fifty_streams_on_one_instrument_share_one_IB_line_with_quote_callers_and_release_it_when_the_last_leaves()
    {
        await using var sb = await SimulatedBridge.StartAsync(settings: new Dictionary<string, string?> { ["Streaming:MaxStreamsPerKey"] = "60" });
        var streams = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => SseClient.OpenAsync(sb.Bridge.Url, "instruments=MSFT&health=false")));
        try
        {
            foreach (var s in streams)
            {
                await s.WaitForAsync("quote", q => q.GetProperty("key").GetString() == "MSFT", "a MSFT quote on every stream");
            }

            Assert.Equal(200, (int)(await sb.Http.GetAsync("/quote?symbol=MSFT")).StatusCode);
            Assert.Single(sb.Gateway.Log.Of<ReqMktData>(), r => r.Contract.Symbol == "MSFT");
            var lines = await sb.JsonAsync("/admin/actors");
            Assert.Single(lines.GetProperty("actors").EnumerateArray(), a => a.GetProperty("kind").GetString() == "instrument" && a.GetProperty("owns").GetString() == "MSFT");
        }
        finally
        {
            foreach (var s in streams)
            {
                await s.DisposeAsync();
            }
        }

        // /quote used the line too, so it stays for the idle timeout; the streams alone are gone.
        await SimulatedBridge.EventuallyAsync(async () => (await sb.JsonAsync("/admin/actors")).GetProperty("actors").EnumerateArray()
            .All(a => a.GetProperty("kind").GetString() != "stream"), "every stream actor stopped");
        Assert.Single(sb.Gateway.Log.Of<ReqMktData>(), r => r.Contract.Symbol == "MSFT");
    }

    [Fact]
    public async Task A_line_only_streams_used_is_cancelled_at_IB_when_its_last_stream_leaves()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        var a = await SseClient.OpenAsync(sb.Bridge.Url, "instruments=META&health=false");
        var b = await SseClient.OpenAsync(sb.Bridge.Url, "instruments=META&health=false");
        await a.WaitForAsync("quote", q => q.GetProperty("key").GetString() == "META", "a META quote");
        await a.DisposeAsync();
        await b.WaitForAsync("quote", q => q.GetProperty("key").GetString() == "META", "b still streams");
        Assert.Empty(sb.Gateway.Log.Of<CancelMktData>());
        await b.DisposeAsync();
        var reqId = sb.Gateway.Log.Of<ReqMktData>().Single(r => r.Contract.Symbol == "META").ReqId;
        await SimulatedBridge.EventuallyAsync(() => sb.Gateway.Log.Of<CancelMktData>().Any(c => c.ReqId == reqId), "the line cancelled at IB");
    }

    [Fact]
    public async Task Limits_and_bad_input_are_problems_before_the_stream_opens()
    {
        await using var sb = await SimulatedBridge.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Streaming:MaxStreamsPerKey"] = "2",
            ["Streaming:MaxInstrumentsPerStream"] = "3",
        });

        await AssertProblem(sb, "instruments=AAPL,MSFT,NVDA,TSLA", HttpStatusCode.BadRequest, "instruments");
        await AssertProblem(sb, "instruments=AAPL%2020260213%20x%20P", HttpStatusCode.BadRequest, "instruments");
        await AssertProblem(sb, "instruments=NOSUCHCO", HttpStatusCode.BadRequest, "instruments");
        await AssertProblem(sb, "orders=maybe", HttpStatusCode.BadRequest, "orders");
        await AssertProblem(sb, "orders=true&after=-3", HttpStatusCode.BadRequest, "after");
        Assert.DoesNotContain(sb.Gateway.Log.Of<ReqMktData>(), r => r.Contract.Symbol == "NOSUCHCO");

        await using var one = await SseClient.OpenAsync(sb.Bridge.Url, "instruments=AAPL");
        await using var two = await SseClient.OpenAsync(sb.Bridge.Url, "orders=true");
        using var third = await SseClient.TryOpenAsync(sb.Bridge.Url, "orders=true");
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal("application/problem+json", third.Content.Headers.ContentType?.MediaType);
        Assert.Contains("MaxStreamsPerKey", await third.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The limit is per key: the other key still opens one.
        await using var other = await SseClient.OpenAsync(sb.Bridge.Url, "orders=true", BridgeUnderTest.KeyB);
        using var anonymous = await SseClient.TryOpenAsync(sb.Bridge.Url, "orders=true", key: "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task An_idle_stream_gets_a_comment_heartbeat()
    {
        await using var sb = await SimulatedBridge.StartAsync(settings: new Dictionary<string, string?> { ["Streaming:Heartbeat"] = "00:00:00.200" });
        await using var stream = await SseClient.OpenAsync(sb.Bridge.Url, "orders=true&health=false");
        await SimulatedBridge.EventuallyAsync(() => stream.Comments >= 5, "five comment lines (connected + heartbeats)");
        Assert.Empty(stream.Events);
    }

    [Fact]
    public async Task A_stalled_reader_holds_a_bounded_buffer_with_its_quotes_coalesced()
    {
        await using var sb = await SimulatedBridge.StartAsync(
            new SimulatorOptions { TickInterval = TimeSpan.FromMilliseconds(50) },
            new Dictionary<string, string?> { ["Streaming:BufferSize"] = "8", ["MarketData:StreamInterval"] = "00:00:00.050" });
        var chain = await sb.JsonAsync("/option-chain?symbol=AAPL");
        var expiration = chain.GetProperty("expirations")[1].GetString();
        var strikes = chain.GetProperty("strikes").EnumerateArray().Select(s => s.GetDecimal()).Where(s => s is >= 150 and <= 230).Take(16).ToList();
        var instruments = new[] { "AAPL", "MSFT", "NVDA", "TSLA", "SPY", "QQQ", "AMZN", "META" }
            .Concat(strikes.SelectMany(k => new[] { $"AAPL {expiration} {k} C", $"AAPL {expiration} {k} P" })).Take(40).ToList();

        // A client that sends its request and then never reads: its socket window fills, then Kestrel's, then the stream's.
        using var stalled = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 2048 };
        var url = new Uri(sb.Bridge.Url);
        await stalled.ConnectAsync(IPAddress.Loopback, url.Port);
        var query = "instruments=" + Uri.EscapeDataString(string.Join(",", instruments)) + "&health=false";
        await stalled.SendAsync(Encoding.ASCII.GetBytes($"GET /stream?{query} HTTP/1.1\r\nHost: localhost\r\nX-API-KEY: {BridgeUnderTest.KeyA}\r\n\r\n"));

        // Stalled for good: the buffer stays full over several of the actor's reports while quotes keep coalescing.
        var full = 0;
        await SimulatedBridge.EventuallyAsync(async () =>
        {
            full = StreamState(await sb.JsonAsync("/admin/actors")) is { Buffered: 8, Waiting: > 0, Coalesced: > 20 } ? full + 1 : 0;
            return full >= 10;
        }, "the stream's buffer full and quotes coalescing", TimeSpan.FromSeconds(120), () => StreamStateText(sb));
        for (var i = 0; i < 10; i++)
        {
            var state = StreamState(await sb.JsonAsync("/admin/actors"));
            Assert.NotNull(state);
            Assert.True(state.Value.Buffered <= 8 && state.Value.Waiting <= instruments.Count, StreamStateText(sb));
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task Order_events_that_do_not_fit_close_the_stream_with_its_resume_id_and_resuming_loses_nothing()
    {
        await using var sb = await SimulatedBridge.StartAsync(settings: new Dictionary<string, string?> { ["Streaming:BufferSize"] = "4" });
        for (var i = 0; i < 3; i++)
        {
            await sb.PlaceAsync("""{"symbol":"AAPL","action":"BUY","quantity":1,"orderType":"MKT"}""", $"overflow-{i}");
        }

        await SimulatedBridge.EventuallyAsync(async () => (await sb.JsonAsync("/executions")).GetProperty("items").EnumerateArray()
            .Count(t => t.GetProperty("commission").ValueKind == JsonValueKind.Number) == 3, "three fills with commissions");

        // A replay of more than the buffer holds: each connection gets what fits and a closed event saying where to go on.
        var ids = new List<long>();
        long last = 0;
        for (var round = 0; round < 30; round++)
        {
            await using var stream = await SseClient.OpenAsync(sb.Bridge.Url, "orders=true&executions=true&health=false", lastEventId: last);
            await SimulatedBridge.EventuallyAsync(() => stream.Ended || (stream.Events.Count > 0 && Quiet(stream)), "the stream closed or caught up", TimeSpan.FromSeconds(30));
            ids.AddRange(stream.Events.Where(e => e.Id is not null).Select(e => e.Id!.Value));
            if (stream.Of("closed").SingleOrDefault() is not { } closed)
            {
                break;
            }

            Assert.Contains("too slowly", closed.Json.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Equal(ids[^1], closed.Json.GetProperty("lastEventId").GetInt64());
            last = ids[^1];
        }

        Assert.True(ids.Count > 4, $"only {ids.Count} events: the buffer never overflowed");
        Assert.Equal(Enumerable.Range((int)ids[0], ids.Count).Select(i => (long)i), ids);
        var tree = await sb.JsonAsync("/admin/actors");
        Assert.Contains("stream-feed", tree.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Caught up: nothing new for a moment on a stream that has not closed.</summary>
    private static bool Quiet(SseClient stream)
    {
        var before = stream.Events.Count;
        Thread.Sleep(700);
        return stream.Events.Count == before;
    }

    private static async Task AssertProblem(SimulatedBridge sb, string query, HttpStatusCode expected, string field)
    {
        using var response = await SseClient.TryOpenAsync(sb.Bridge.Url, query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{query}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty(field, out _), body);
    }

    private static (int Buffered, int Waiting, long Coalesced)? StreamState(JsonElement tree)
    {
        var stream = tree.GetProperty("actors").EnumerateArray().FirstOrDefault(a => a.GetProperty("kind").GetString() == "stream");
        if (stream.ValueKind == JsonValueKind.Undefined)
        {
            return null;
        }

        var m = StateText().Match(stream.GetProperty("state").GetString() ?? "");
        return m.Success ? (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value), long.Parse(m.Groups[3].Value)) : (0, 0, 0);
    }

    private static string StreamStateText(SimulatedBridge sb) =>
        sb.JsonAsync("/admin/actors").Result.GetProperty("actors").EnumerateArray()
            .FirstOrDefault(a => a.GetProperty("kind").GetString() == "stream").ToString();

    [GeneratedRegex(@"(\d+)/\d+ buffered, (\d+) quotes waiting, (\d+) coalesced")]
    private static partial Regex StateText();

}
