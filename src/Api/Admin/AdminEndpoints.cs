using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using WheelStrat.Actors.Diagnostics;
using WheelStrat.Actors.Gateway;
using WheelStrat.Api.OpenApi;

namespace WheelStrat.Api.Admin;

public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>Allows POST /admin/actors/fail (tests, simulator mode). Off in production.</summary>
    public bool AllowFaultInjection { get; set; }
}

public sealed record ActorTreeDto(GatewayStatus Gateway, int Count, IReadOnlyList<ActorHealth> Actors);

public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin").WithTags("Admin");
        group.MapGet("/actors", (ActorSystem system, GatewayHealthBoard board) =>
            {
                var actors = system.ActorHealth().Snapshot();
                return TypedResults.Ok(new ActorTreeDto(board.Current.Status, actors.Count, actors));
            })
            .WithName("getActors")
            .WithSummary("The actor tree: kind, state, restarts, last message time, mailbox depth, what each owns")
            .ProducesProblems(StatusCodes.Status401Unauthorized);

        group.MapPost("/actors/fail", (string? path, ActorSystem system, IOptions<AdminOptions> options) =>
            {
                if (!options.Value.AllowFaultInjection)
                {
                    return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Fault injection is disabled",
                        detail: "Set Admin:AllowFaultInjection=true (tests and simulator mode only).");
                }

                var known = system.ActorHealth().Snapshot().Any(a => a.Path == path);
                if (!known)
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["path"] = [$"no observed actor at '{path}'"] });
                }

                system.ActorSelection(path).Tell(InjectFailure.Instance);
                return Results.Accepted();
            })
            .WithName("failActor")
            .WithSummary("Make one actor throw, to watch supervision restart it (only with Admin:AllowFaultInjection)")
            .Produces(StatusCodes.Status202Accepted).ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        return app;
    }
}
