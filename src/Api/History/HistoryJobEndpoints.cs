using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WheelStrat.Actors.History;
using WheelStrat.Actors.History.Jobs;
using WheelStrat.Actors.Replies;
using WheelStrat.Api.OpenApi;
using WheelStrat.Api.Problems;
using static WheelStrat.Actors.History.Jobs.HistoryJobsProtocol;
using WheelStrat.Api.Validation;

namespace WheelStrat.Api.History;

public static class HistoryJobEndpoints
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapHistoryJobs(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/history/jobs").WithTags("Market data");
        group.MapPost("", SubmitBodyAsync).WithName("submitHistoryJob")
            .WithSummary("Bulk history for an option chain: 202 with the new job, 200 with the same job submitted before")
            .Accepts<HistoryJobBody>("application/json")
            .WithRequestExample("""{"symbol":"SPY","expirationsAhead":2,"strikeWindowPct":5,"rights":["C","P"],"barSize":"1 hour","whatToShow":"MIDPOINT","useRTH":true,"from":"2026-11-16T00:00:00Z","to":"2026-11-21T00:00:00Z"}""")
            .Produces<HistoryJobView>().Produces<HistoryJobView>(StatusCodes.Status202Accepted)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status503ServiceUnavailable);
        group.MapGet("", ListAsync).WithName("listHistoryJobs").WithSummary("All history jobs, newest first")
            .Produces<HistoryJobView[]>().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/{id}", GetAsync).WithName("getHistoryJob").WithSummary("One job: planned / done / failed, time left under IB's pacing, errors per contract")
            .Produces<HistoryJobView>().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable);
        group.MapDelete("/{id}", CancelAsync).WithName("cancelHistoryJob").WithSummary("Cancel a job (bars already stored stay)")
            .Produces<HistoryJobView>().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<IResult> SubmitBodyAsync(HttpContext http, IRequiredActor<HistoryJobsManager> jobs, TimeProvider time, CancellationToken ct)
    {
        var errors = new Errors();
        var spec = await JsonBody.ReadAsync(http, errors, HistoryJobRequestParser.Parse, ct);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        // Every contract of a job shares its bar size and window: what IB cannot answer for one it cannot for any.
        if (HistoryLimits.Implausible(spec!.BarSize, spec.From, spec.To, time.GetUtcNow()) is { } i)
        {
            var beyond = $"{spec.BarSize} bars from {spec.From:yyyy-MM-dd'T'HH:mm:ss'Z'}: {i.Limit}; the largest duration allowed is {i.LargestDuration} (back from to)";
            return Results.ValidationProblem(
                new Dictionary<string, string[]> { ["from"] = [beyond] },
                detail: beyond,
                title: "Beyond IB's historical data limits",
                extensions: new Dictionary<string, object?> { ["limit"] = i.Limit, ["largestDuration"] = i.LargestDuration });
        }

        return await SubmitAsync(spec, jobs, ct);
    }

    /// <summary>Submits a parsed job: 202 with Location when it is new, 200 with the same job submitted before.</summary>
    public static async Task<IResult> SubmitAsync(HistoryJobSpec spec, IRequiredActor<HistoryJobsManager> jobs, CancellationToken ct) =>
        await (await jobs.GetAsync(ct)).Ask<object>(new SubmitJob(spec), AskTimeout, ct) switch
        {
            JobAccepted { Created: true } a => Results.Accepted($"/history/jobs/{a.Job.Id}", a.Job),
            JobAccepted a => Results.Ok(a.Job),
            Failed f => f.ToProblem(),
            var other => FailedResults.Unexpected(other),
        };

    private static async Task<IResult> ListAsync(IRequiredActor<HistoryJobsManager> jobs, CancellationToken ct) =>
        await (await jobs.GetAsync(ct)).Ask<object>(ListJobs.Instance, AskTimeout, ct) switch
        {
            JobList list => Results.Ok(list.Jobs),
            var other => FailedResults.Unexpected(other),
        };

    private static async Task<IResult> GetAsync(string id, IRequiredActor<HistoryJobsManager> jobs, CancellationToken ct) =>
        Answer(await (await jobs.GetAsync(ct)).Ask<object>(new GetJob(id), AskTimeout, ct));

    private static async Task<IResult> CancelAsync(string id, IRequiredActor<HistoryJobsManager> jobs, CancellationToken ct) =>
        Answer(await (await jobs.GetAsync(ct)).Ask<object>(new CancelJob(id), AskTimeout, ct));

    private static IResult Answer(object reply) => reply switch
    {
        HistoryJobView view => Results.Ok(view),
        Failed f => f.ToProblem(),
        var other => FailedResults.Unexpected(other),
    };
}
