using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WheelStrat.Simulator.Faults;
using WheelStrat.Simulator.Server;

namespace WheelStrat.Simulator.Control;

/// <summary>
/// A tiny HTTP endpoint to inject faults into a standalone simulator (loopback only):
/// POST /faults/{drop|stall|unstall|refuse|daily-restart|1100|1101|1102|10197[?on=false]|farm-blip|farm-down?farm=|farm-up?farm=|pacing|malformed?kind=&count=|client-id-in-use|half-answering|slow|drop-after-place-order|fill-while-disconnected|omit-fill-status|reuse-exec-id|stall-after-place-order|margin-reject|message-rate?on=|repeat-10089|hold-commissions|release-commissions}
/// GET /log (request counts by type), GET /rate (peak client messages per second, error-100 disconnects), GET /fills.
/// </summary>
public sealed class ControlEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ControlEndpoint(WebApplication app)
    {
        _app = app;
        Address = new Uri(app.Urls.First());
    }

    /// <summary>Where it listens: the bound port when started with port 0.</summary>
    public Uri Address { get; }

    public static async Task<ControlEndpoint> StartAsync(PaperGateway gateway, int port, System.Net.IPAddress? address = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{address ?? System.Net.IPAddress.Loopback}:{port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var faults = app.MapGroup("/faults");
        faults.MapPost("/drop", () => Done(gateway.DropConnections));
        faults.MapPost("/stall", () => Done(() => gateway.Faults.Stalled = true));
        faults.MapPost("/unstall", () => Done(() => gateway.Faults.Stalled = false));
        faults.MapPost("/refuse", (int? seconds) => Done(() => gateway.Faults.RefuseUntil(DateTimeOffset.UtcNow.AddSeconds(seconds ?? 3600))));
        faults.MapPost("/accept", () => Done(gateway.Faults.StopRefusing));
        faults.MapPost("/daily-restart", (int? seconds) => Done(() => gateway.DailyRestart(TimeSpan.FromSeconds(seconds ?? 30))));
        faults.MapPost("/1100", () => Done(gateway.SendConnectivityLost));
        faults.MapPost("/1101", () => Done(gateway.SendRestoredDataLost));
        faults.MapPost("/1102", () => Done(gateway.SendRestoredDataMaintained));
        faults.MapPost("/10197", (bool? on) => Done(on == false ? gateway.EndCompetingSession : gateway.StartCompetingSession));
        faults.MapPost("/farm-blip", () => Done(gateway.MarketDataFarmBlip));
        faults.MapPost("/farm-down", (string? farm) => OnFarm(farm, gateway.HoldFarmDown));
        faults.MapPost("/farm-up", (string? farm) => OnFarm(farm, gateway.RestoreFarm));
        faults.MapPost("/pacing", (int? count) => Done(() => gateway.Faults.PacingViolation(count ?? 1)));
        faults.MapPost("/malformed", (string? kind, int? count) => MalformedFrames.TryParse(kind ?? "bad-message-id", out var frame)
            ? Done(() => gateway.SendMalformedFrame(frame, count ?? 1))
            : Results.BadRequest(new { error = $"kind must be one of {string.Join(", ", MalformedFrames.Names)}" }));
        faults.MapPost("/client-id-in-use", (int? count) => Done(() => gateway.Faults.ClientIdInUse(count ?? 1)));
        faults.MapPost("/half-answering", (bool? on) => Done(() => gateway.Faults.HalfAnswering = on ?? true));
        faults.MapPost("/slow", (int? ms) => Done(() => gateway.Faults.SlowRepliesMs = ms ?? 0));
        faults.MapPost("/no-bid", (int? otmPct) => Done(() => gateway.Faults.NoBidBeyondOtmPct = otmPct ?? 0));
        faults.MapPost("/drop-after-place-order", () => Done(gateway.Faults.DropAfterNextPlaceOrder));
        faults.MapPost("/fill-while-disconnected", (int? seconds) =>
            Done(() => gateway.Faults.FillWhileDisconnectedAfterNextPlaceOrder(TimeSpan.FromSeconds(seconds ?? 2))));
        faults.MapPost("/omit-fill-status", (bool? on) => Done(() => gateway.Faults.OmitOrderStatusOnFills = on ?? true));
        faults.MapPost("/reuse-exec-id", () => Done(gateway.Faults.ReuseExecIdOnNextFill));
        faults.MapPost("/stall-after-place-order", () => Done(gateway.Faults.StallAfterNextPlaceOrder));
        faults.MapPost("/margin-reject", (int? count) => Done(() => gateway.Faults.RejectForMargin(count ?? 1)));
        faults.MapPost("/hold-commissions", (bool? on) => Done(() => gateway.Faults.HoldCommissionReports = on ?? true));
        faults.MapPost("/release-commissions", () => Done(gateway.ReleaseCommissionReports));
        faults.MapPost("/message-rate", (bool? on) => Done(() => gateway.Faults.EnforceMessageRate = on ?? true));
        faults.MapPost("/repeat-10089", (bool? on) => Done(() => gateway.Faults.RepeatDelayedDataNotice = on ?? true));
        app.MapGet("/log", () => Results.Ok(gateway.Log.Entries.GroupBy(e => e.Request.GetType().Name).ToDictionary(g => g.Key, g => g.Count())));
        app.MapGet("/rate", () => Results.Ok(new { peakPerSecond = gateway.PeakMessageRate, max = PaperGateway.MaxMessagesPerSecond, disconnects = gateway.MessageRateDisconnects }));
        app.MapGet("/fills", () => Results.Ok(gateway.Fills.Select(f => new { f.Execution.ExecId, f.Execution.OrderId, f.Execution.OrderRef, f.Contract.Symbol, f.Execution.Side, f.Execution.Shares, f.Execution.Price })));
        await app.StartAsync();
        return new ControlEndpoint(app);
    }

    /// <summary>The address it listens on (the real port when started on port 0).</summary>
    public string Url => _app.Urls.First();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>usfarm (stocks), usopt (options) or ushmds (history); usfarm when none is named.</summary>
    private static IResult OnFarm(string? name, Action<DataFarm> action)
    {
        DataFarm farm;
        try
        {
            farm = DataFarm.Named(name ?? DataFarm.UsFarm.Name);
        }
        catch (ArgumentException e)
        {
            return Results.BadRequest(new { error = e.Message });
        }

        return Done(() => action(farm));
    }

    private static IResult Done(Action action)
    {
        action();
        return Results.Ok(new { ok = true });
    }
}
