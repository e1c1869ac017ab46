using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WheelStrat.Simulator.Server;

namespace WheelStrat.Simulator.Control;

/// <summary>
/// A tiny HTTP endpoint to inject faults into a standalone simulator (loopback only):
/// POST /faults/{drop|stall|unstall|refuse|daily-restart|1100|1101|1102|10197|farm-blip|pacing|malformed|client-id-in-use|half-answering|slow|drop-after-place-order|stall-after-place-order|margin-reject|hold-commissions|release-commissions|message-rate|repeat-10089}
/// GET /log (request counts by type), GET /rate (peak client messages per second, error-100 disconnects), GET /fills.
/// </summary>
public sealed class ControlEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ControlEndpoint(WebApplication app) => _app = app;

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
        faults.MapPost("/10197", () => Done(gateway.SendCompetingSession));
        faults.MapPost("/farm-blip", () => Done(gateway.MarketDataFarmBlip));
        faults.MapPost("/pacing", (int? count) => Done(() => gateway.Faults.PacingViolation(count ?? 1)));
        faults.MapPost("/malformed", () => Done(gateway.SendMalformedFrame));
        faults.MapPost("/client-id-in-use", (int? count) => Done(() => gateway.Faults.ClientIdInUse(count ?? 1)));
        faults.MapPost("/half-answering", (bool? on) => Done(() => gateway.Faults.HalfAnswering = on ?? true));
        faults.MapPost("/slow", (int? ms) => Done(() => gateway.Faults.SlowRepliesMs = ms ?? 0));
        faults.MapPost("/drop-after-place-order", () => Done(gateway.Faults.DropAfterNextPlaceOrder));
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

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static IResult Done(Action action)
    {
        action();
        return Results.Ok(new { ok = true });
    }
}
