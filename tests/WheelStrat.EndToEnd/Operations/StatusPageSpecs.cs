using System.Diagnostics;
using System.Text;
using WheelStrat.EndToEnd.Support;

namespace WheelStrat.EndToEnd.Operations;

/// <summary>The status page in a real headless Chromium against a running bridge.</summary>
public sealed class StatusPageSpecs
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task Renders_connection_farms_actors_and_orders_and_writes_a_screenshot()
    {
        Assert.True(File.Exists(Chromium), "Chromium is missing: ./test.sh installs it (apt-get install chromium)");
        await using var sb = await SimulatedBridge.StartAsync();
        await sb.Http.GetAsync("/quote?symbol=AAPL");
        using (var order = new HttpRequestMessage(HttpMethod.Post, "/order")
        {
            Content = new StringContent("""{"symbol":"AAPL","action":"BUY","quantity":3,"orderType":"LMT","limitPrice":170}""", Encoding.UTF8, "application/json"),
        })
        {
            order.Headers.Add("Idempotency-Key", "status-page-order");
            await sb.Http.SendAsync(order);
        }

        var url = $"{sb.Bridge.Url}/status#key={BridgeUnderTest.KeyA}";
        var dom = await RunChromiumAsync("--dump-dom", url);
        Assert.Contains("class=\"badge ok\"", dom, StringComparison.Ordinal);
        Assert.Contains("usfarm", dom, StringComparison.Ordinal);
        Assert.Contains("gateway-connection", dom, StringComparison.Ordinal);
        Assert.Contains("status-page-order", dom, StringComparison.Ordinal);
        Assert.Contains("connected", dom, StringComparison.Ordinal);

        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts"));
        var screenshot = Path.Combine(artifacts.FullName, "status-page.png");
        File.Delete(screenshot);
        await RunChromiumAsync($"--screenshot={screenshot}", "--window-size=1280,1400", url);
        Assert.True(new FileInfo(screenshot).Length > 10_000, "a screenshot was written");
    }

    private static async Task<string> RunChromiumAsync(params string[] args)
    {
        var profile = Directory.CreateTempSubdirectory("chromium-");
        var start = new ProcessStartInfo(Chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--virtual-time-budget=6000", $"--user-data-dir={profile.FullName}",
        }.Concat(args))
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);
        profile.Delete(recursive: true);
        return await output;
    }
}
