using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using WheelStrat.Actors.Diagnostics;
using WheelStrat.Actors.Gateway;
using WheelStrat.Actors.History;
using WheelStrat.Api.OpenApi;
using WheelStrat.Api.Problems;

namespace WheelStrat.Api.Health;

public sealed record PingDto(string Status, DateTimeOffset Time);

public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>How long /health?connect=true waits for the attempt it triggered.</summary>
    public TimeSpan ConnectWait { get; set; } = TimeSpan.FromSeconds(5);
}

public static class HealthEndpoints
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        // Liveness from the process alone: no actor, no IB. Short-circuited: answered as soon as routing
        // matches, past the middleware it needs none of (exception handler, status pages, API key).
        app.MapGet("/ping", () => TypedResults.Ok(new PingDto("ok", DateTimeOffset.UtcNow)))
            .ShortCircuit()
            .WithTags("Health")
            .WithName("ping")
            .WithSummary("Liveness: answers from the process alone");

        app.MapGet("/health", GetHealthAsync)
            .WithTags("Health")
            .WithName("getHealth")
            .WithSummary("Gateway connection status and diagnostics; connect=true triggers an immediate attempt. 503 (with Retry-After when a reconnect is scheduled) unless ok or degraded")
            .Produces<GatewayHealth>().Produces<GatewayHealth>(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblems(StatusCodes.Status400BadRequest);
        return app;
    }

    /// <summary>
    /// Reads the snapshot the gateway actor publishes, never asks it: answers at once whatever IB does.
    /// connect=true nudges the actor and waits a bounded time for the outcome.
    /// </summary>
    private static async Task<JsonHttpResult<GatewayHealth>> GetHealthAsync(
        bool? connect,
        HttpContext http,
        GatewayHealthBoard board,
        HealthConditions conditions,
        HistoryPacingBoard pacing,
        IRequiredActor<GatewayActor> gateway,
        IOptions<HealthOptions> options,
        CancellationToken ct)
    {
        if (connect == true && !board.Current.Connected)
        {
            var actor = await gateway.GetAsync(ct);
            var attemptsBefore = board.Current.ReconnectAttempts;
            actor.Tell(GatewayProtocol.ConnectNow.Instance);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(options.Value.ConnectWait);
            try
            {
                while (!Settled(board.Current, attemptsBefore))
                {
                    await Task.Delay(PollInterval, deadline.Token);
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // The wait is bounded: answer with whatever the attempt has reached.
            }
        }

        var health = board.Snapshot().WithConditions(conditions.Current.Values) with { HistoryPacing = pacing.Current };
        if (health.Status is GatewayStatus.Ok or GatewayStatus.Degraded)
        {
            return TypedResults.Json(health, statusCode: StatusCodes.Status200OK);
        }

        if (health.NextReconnectAt is { } next)
        {
            http.Response.Headers.RetryAfter = RetryAfterMiddleware.Seconds(next - DateTimeOffset.UtcNow);
        }

        return TypedResults.Json(health, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static bool Settled(GatewayHealth h, long attemptsBefore) =>
        h.Connected || (h.ReconnectAttempts > attemptsBefore && h.Status != GatewayStatus.Connecting);
}
