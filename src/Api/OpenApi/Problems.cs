using System.ComponentModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using WheelStrat.Actors.Orders;

namespace WheelStrat.Api.OpenApi;

/// <summary>An RFC 7807 problem as the bridge sends it (application/problem+json).</summary>
public record ProblemBody(
    [property: Description("A URI reference for the problem type (RFC 9110 section for the status)")] string? Type,
    [property: Description("Short summary, the same for every problem of this kind")] string Title,
    [property: Description("The HTTP status")] int Status,
    [property: Description("What happened in this case")] string? Detail,
    [property: Description("IB's error code, when IB said no")] int? IbCode,
    [property: Description("The safety rule that refused an order (max-shares, price-band, ...)")] string? Rule,
    [property: Description("Correlates with the bridge's logs")] string? TraceId);

/// <summary>400: every bad field named, with what is wrong with it.</summary>
public sealed record ValidationProblemBody(
    string? Type,
    string Title,
    int Status,
    string? Detail,
    [property: Description("Each bad field (or 'body') with its messages")] IReadOnlyDictionary<string, string[]> Errors,
    string? TraceId);

/// <summary>422 from POST /order: IB refused the order (the key keeps this answer), or a safety rule did.</summary>
public sealed record OrderRefusedProblemBody(
    string? Type,
    string Title,
    int Status,
    string? Detail,
    [property: Description("IB's error code (201 rejected, 321 read-only, 110 price off the tick, ...)")] int? IbCode,
    string? Rule,
    [property: Description("The order as journaled, when IB refused it")] OrderView? Order,
    string? TraceId);

/// <summary>409 from POST /order: the idempotency key already belongs to a different order.</summary>
public sealed record KeyConflictProblemBody(string? Type, string Title, int Status, string? Detail, OrderView Existing, string? TraceId);

public static class ProblemMetadata
{
    public const string ProblemJson = "application/problem+json";

    /// <summary>The problem answers of one route: 400 with field errors, any other status a plain problem.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder = status == StatusCodes.Status400BadRequest
                ? builder.Produces<ValidationProblemBody>(status, ProblemJson)
                : builder.Produces<ProblemBody>(status, ProblemJson);
        }

        return builder;
    }

    /// <summary>What every route that asks IB can answer besides its success: 401, 503 (+ Retry-After), 504.</summary>
    public static RouteHandlerBuilder ProducesGatewayProblems(this RouteHandlerBuilder builder) =>
        builder.ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status503ServiceUnavailable, StatusCodes.Status504GatewayTimeout);
}
