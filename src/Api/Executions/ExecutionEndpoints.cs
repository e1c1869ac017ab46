using System.Globalization;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using WheelStrat.Actors.Executions;
using WheelStrat.Actors.Replies;
using WheelStrat.Api.OpenApi;
using WheelStrat.Api.Problems;
using WheelStrat.Api.Validation;

namespace WheelStrat.Api.Executions;

public static class ExecutionEndpoints
{
    public const int DefaultLimit = 500;
    public const int MaxLimit = 5000;

    /// <summary>An acknowledgement is journaled, nothing more.</summary>
    private static readonly TimeSpan AcknowledgeWait = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A sync's deadline, the one place it is set: reqExecutions within Executions:SyncDeadline, then a moment to
    /// journal what came before answering.
    /// </summary>
    private static NotAfter SyncDeadline(ExecutionsOptions options, TimeProvider time) =>
        NotAfter.In(options.SyncDeadline + TimeSpan.FromSeconds(2), time.GetUtcNow());

    /// <summary>Pages and conflicts are answered from the journal's memory (or its next flush); the wait only bounds a busy mailbox.</summary>
    private static readonly TimeSpan ReadWait = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapExecutions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/executions").WithTags("Executions");
        group.MapGet("", GetAsync).WithName("listExecutions")
            .WithSummary("Trades from the journal, oldest first: a page of items, the sequence to pass as after= for the next page (next), and the newest sequence; never waits on IB")
            .WithQuery(
                new ApiParameter("since", "Executed at or after, ISO-8601 (UTC unless an offset is given)") { Format = "date-time" },
                new ApiParameter("until", "Executed before, ISO-8601; after since") { Format = "date-time" },
                new ApiParameter("after", "Only trades journaled after this sequence (next or lastSequence of an earlier page)") { Type = "integer", Minimum = 0 },
                new ApiParameter("limit", "Page size") { Type = "integer", Minimum = 1, Maximum = MaxLimit, Default = DefaultLimit.ToString(CultureInfo.InvariantCulture) })
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status503ServiceUnavailable, StatusCodes.Status504GatewayTimeout);
        group.MapPost("/sync", SyncAsync).WithName("syncExecutions").WithSummary("Run an execution sync now; returns counts; bounded by its deadline")
            .ProducesGatewayProblems();
        group.MapGet("/conflicts", ConflictsAsync).WithName("listExecutionConflicts")
            .WithSummary("Executions that reused a journaled execId with other content (the journal keeps the first); /health is degraded until each is acknowledged")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status503ServiceUnavailable, StatusCodes.Status504GatewayTimeout);
        group.MapPost("/conflicts/{execId}/acknowledge", AcknowledgeAsync).WithName("acknowledgeExecutionConflict")
            .WithSummary("Mark the conflicts of one execId as reviewed")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<Results<Ok<ExecutionsProtocol.ExecutionPage>, ProblemHttpResult>> GetAsync(
        HttpRequest request, IRequiredActor<ExecutionJournal> journal, TimeProvider time, CancellationToken ct)
    {
        var errors = new Errors();
        var since = Instant(request.Query["since"].ToString(), "since", errors);
        var until = Instant(request.Query["until"].ToString(), "until", errors);
        long? after = null;
        var rawAfter = request.Query["after"].ToString();
        if (rawAfter.Length > 0)
        {
            if (long.TryParse(rawAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var a))
            {
                after = a;
            }
            else
            {
                errors.Add("after", $"'{SpecParser.Shorten(rawAfter)}' must be a non-negative whole number (a sequence from an earlier page)");
            }
        }

        var limit = DefaultLimit;
        var rawLimit = request.Query["limit"].ToString();
        if (rawLimit.Length > 0 && (!int.TryParse(rawLimit, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            errors.Add("limit", $"must be a whole number from 1 to {MaxLimit}");
        }

        if (since is not null && until is not null && until <= since)
        {
            errors.Add("until", "must be after since");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return (await (await journal.GetAsync(ct)).AskFor(
                new ExecutionsProtocol.GetExecutions(since, until, after, limit, NotAfter.In(ReadWait, time.GetUtcNow())), time, ct))
            .Match<Results<Ok<ExecutionsProtocol.ExecutionPage>, ProblemHttpResult>>(page => TypedResults.Ok(page.Item), f => f.Reason.ToProblem(request.HttpContext));
    }

    private static async Task<Results<Ok<ExecutionsProtocol.SyncResult>, ProblemHttpResult>> SyncAsync(
        IRequiredActor<ExecutionJournal> journal, IOptions<ExecutionsOptions> options, HttpContext http, TimeProvider time, CancellationToken ct) =>
        (await (await journal.GetAsync(ct)).AskFor(new ExecutionsProtocol.SyncNow(SyncDeadline(options.Value, time)), time, ct))
            .Match<Results<Ok<ExecutionsProtocol.SyncResult>, ProblemHttpResult>>(synced => TypedResults.Ok(synced.Result), f => f.Reason.ToProblem(http));

    private static async Task<Results<Ok<ExecutionConflict[]>, ProblemHttpResult>> ConflictsAsync(
        IRequiredActor<ExecutionJournal> journal, HttpContext http, TimeProvider time, CancellationToken ct) =>
        (await (await journal.GetAsync(ct)).AskFor(new ExecutionsProtocol.GetConflicts(NotAfter.In(ReadWait, time.GetUtcNow())), time, ct))
            .Match<Results<Ok<ExecutionConflict[]>, ProblemHttpResult>>(list => TypedResults.Ok(list.Item.Conflicts.ToArray()), f => f.Reason.ToProblem(http));

    private static async Task<Results<Ok<ExecutionConflict>, ProblemHttpResult>> AcknowledgeAsync(
        string execId, IRequiredActor<ExecutionJournal> journal, HttpContext http, TimeProvider time, CancellationToken ct) =>
        (await (await journal.GetAsync(ct)).AskFor(new ExecutionsProtocol.AcknowledgeConflict(execId, NotAfter.In(AcknowledgeWait, time.GetUtcNow())), time, ct))
            .Match<Results<Ok<ExecutionConflict>, ProblemHttpResult>>(acknowledged => TypedResults.Ok(acknowledged.Conflict), f => f.Reason.ToProblem(http));

    private static DateTimeOffset? Instant(string raw, string field, Errors errors)
    {
        if (raw.Length == 0)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            && value.Year is >= 2000 and <= 2100)
        {
            return value;
        }

        errors.Add(field, $"'{SpecParser.Shorten(raw)}' is not an ISO-8601 date or date-time");
        return null;
    }
}
