using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using WheelStrat.EndToEnd.Support;

namespace WheelStrat.EndToEnd.Streaming;

/// <summary>
/// The status page's live events in a real headless Chromium: a ticket, an EventSource, the events on the page.
/// Chromium is driven over the DevTools protocol (its virtual-time mode never ends while an EventSource is open).
/// </summary>
public sealed partial class BrowserStreamSpecs
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task The_status_page_shows_quotes_and_an_order_filling_through_EventSource()
    {
        Assert.True(File.Exists(Chromium), "Chromium is missing: ./test.sh installs it (apt-get install chromium)");
        await using var sb = await SimulatedBridge.StartAsync();
        var profile = Directory.CreateTempSubdirectory("chromium-");
        var start = new ProcessStartInfo(Chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--remote-debugging-port=0", $"--user-data-dir={profile.FullName}", "about:blank",
        })
        {
            start.ArgumentList.Add(a);
        }

        using var chromium = Process.Start(start)!;
        try
        {
            _ = chromium.StandardOutput.ReadToEndAsync();
            var port = await DevToolsPortAsync(chromium.StandardError);
            using var http = new HttpClient();
            var pages = await http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{port}/json/list");
            var page = pages.EnumerateArray().First(t => t.GetProperty("type").GetString() == "page").GetProperty("webSocketDebuggerUrl").GetString()!;
            using var devtools = new ClientWebSocket();
            await devtools.ConnectAsync(new Uri(page), CancellationToken.None);
            var ids = 0;

            await CallAsync(devtools, ++ids, "Page.navigate", new { url = $"{sb.Bridge.Url}/status?live&instruments=AAPL#key={BridgeUnderTest.KeyA}" });
            await EventuallyShowsAsync(devtools, () => ++ids, text => text.Contains("quote", StringComparison.Ordinal) && text.Contains("AAPL bid", StringComparison.Ordinal), "an AAPL quote on the page");

            await sb.PlaceAsync("""{"symbol":"AAPL","action":"BUY","quantity":2,"orderType":"MKT"}""", "browser-1");
            var shown = await EventuallyShowsAsync(devtools, () => ++ids,
                text => text.Contains("browser-1 Filled", StringComparison.Ordinal) && text.Contains("commission 1", StringComparison.Ordinal), "the order filled and its fill on the page");
            Assert.Contains("connected", await EvaluateAsync(devtools, ++ids, "document.getElementById('live-state').textContent"), StringComparison.Ordinal);
            Assert.Matches(@"order\s+\d+\s+browser-1 Filled", shown);
        }
        finally
        {
            chromium.Kill(entireProcessTree: true);
            await chromium.WaitForExitAsync();
            profile.Delete(recursive: true);
        }
    }

    private static async Task<int> DevToolsPortAsync(StreamReader stderr)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await stderr.ReadLineAsync(deadline.Token) is { } line)
        {
            if (DevToolsLine().Match(line) is { Success: true } m)
            {
                _ = stderr.ReadToEndAsync();
                return int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException("Chromium never said where DevTools listens");
    }

    private static async Task<string> EventuallyShowsAsync(ClientWebSocket devtools, Func<int> nextId, Func<string, bool> condition, string what)
    {
        var text = "";
        await SimulatedBridge.EventuallyAsync(async () => condition(text = await EvaluateAsync(devtools, nextId(), "document.querySelector('#live tbody').innerText")),
            what, TimeSpan.FromSeconds(45), () => text + " | " + EvaluateAsync(devtools, nextId(), "document.getElementById('live-state').textContent + ' ' + location.href").Result);
        return text;
    }

    private static async Task<string> EvaluateAsync(ClientWebSocket devtools, int id, string expression)
    {
        var result = await CallAsync(devtools, id, "Runtime.evaluate", new { expression, returnByValue = true });
        return result.GetProperty("result").GetProperty("result").TryGetProperty("value", out var v) ? v.ToString() : "";
    }

    /// <summary>One DevTools command and its answer (events in between are skipped).</summary>
    private static async Task<JsonElement> CallAsync(ClientWebSocket devtools, int id, string method, object parameters)
    {
        var request = JsonSerializer.SerializeToUtf8Bytes(new { id, method, @params = parameters });
        await devtools.SendAsync(request, WebSocketMessageType.Text, true, CancellationToken.None);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[1 << 16];
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult received;
            do
            {
                received = await devtools.ReceiveAsync(buffer, deadline.Token);
                message.Write(buffer, 0, received.Count);
            }
            while (!received.EndOfMessage);

            var answer = JsonDocument.Parse(message.ToArray()).RootElement.Clone();
            if (answer.TryGetProperty("id", out var answered) && answered.GetInt32() == id)
            {
                return answer;
            }
        }
    }

    [GeneratedRegex(@"DevTools listening on ws://127\.0\.0\.1:(\d+)/")]
    private static partial Regex DevToolsLine();
}
