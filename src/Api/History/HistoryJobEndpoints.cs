using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
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
    /// <summary>Every job request's deadline, the one place it is set: the index and the job answer from memory (a new job is journaled first).</summary>
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private static NotAfter Deadline(TimeProvider time) => NotAfter.In(Wait, time.GetUtcNow());

    public static IEndpointRouteBuilder MapHistoryJobs(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/history/jobs").WithTags("Market data");
        group.MapPost("", SubmitBodyAsync).WithName("submitHistoryJob")
            .WithSummary("Bulk history for an option chain: 202 with the new job, 200 with the same job submitted before")
            .Accepts<HistoryJobBody>("application/json")
            .WithRequestExample("""{"symbol":"SPY","expirationsAhead":2,"strikeWindowPct":5,"rights":["C","P"],"barSize":"1 hour","whatToShow":"MIDPOINT","useRTH":true,"from":"2026-11-16T00:00:00Z","to":"2026-11-21T00:00:00Z"}""")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status503ServiceUnavailable);
        group.MapGet("", ListAsync).WithName("listHistoryJobs").WithSummary("All history jobs, newest first")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/{id}", GetAsync).WithName("getHistoryJob").WithSummary("One job: planned / done / failed, time left under IB's pacing, errors per contract")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable);
        group.MapDelete("/{id}", CancelAsync).WithName("cancelHistoryJob").WithSummary("Cancel a job (bars already stored stay)")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<Results<Ok<HistoryJobView>, Accepted<HistoryJobView>, ProblemHttpResult>> SubmitBodyAsync(
        HttpContext http, IRequiredActor<HistoryJobsManager> jobs, TimeProvider time, CancellationToken ct)
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
            return Beyond("from", beyond, i);
        }

        return await SubmitAsync(spec, jobs, http, time, ct);
    }

    /// <summary>A 400 for a window beyond IB's historical data limits, naming <paramref name="field"/>.</summary>
    public static ProblemHttpResult Beyond(string field, string detail, HistoryPlan.Implausible i) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [detail] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Beyond IB's historical data limits",
            Detail = detail,
            Extensions = { ["limit"] = i.Limit, ["largestDuration"] = i.LargestDuration },
        });

    /// <summary>Submits a parsed job: 202 with Location when it is new, 200 with the same job submitted before.</summary>
    public static async Task<Results<Ok<HistoryJobView>, Accepted<HistoryJobView>, ProblemHttpResult>> SubmitAsync(
        HistoryJobSpec spec, IRequiredActor<HistoryJobsManager> jobs, HttpContext http, TimeProvider time, CancellationToken ct) =>
        (await (await jobs.GetAsync(ct)).AskFor(new SubmitJob(spec, Deadline(time)), time, ct)).Match<Results<Ok<HistoryJobView>, Accepted<HistoryJobView>, ProblemHttpResult>>(
            a => a.Created ? TypedResults.Accepted($"/history/jobs/{a.Job.Id}", a.Job) : TypedResults.Ok(a.Job),
            f => f.Reason.ToProblem(http));

    private static async Task<Results<Ok<HistoryJobView[]>, ProblemHttpResult>> ListAsync(IRequiredActor<HistoryJobsManager> jobs, HttpContext http, TimeProvider time, CancellationToken ct) =>
        (await (await jobs.GetAsync(ct)).AskFor(new ListJobs(Deadline(time)), time, ct)).Match<Results<Ok<HistoryJobView[]>, ProblemHttpResult>>(
            list => TypedResults.Ok(list.Jobs.ToArray()),
            f => f.Reason.ToProblem(http));

    private static async Task<Results<Ok<HistoryJobView>, ProblemHttpResult>> GetAsync(string id, IRequiredActor<HistoryJobsManager> jobs, HttpContext http, TimeProvider time, CancellationToken ct) =>
        Answer(await (await jobs.GetAsync(ct)).AskFor(new GetJob(id, Deadline(time)), time, ct), http);

    private static async Task<Results<Ok<HistoryJobView>, ProblemHttpResult>> CancelAsync(string id, IRequiredActor<HistoryJobsManager> jobs, HttpContext http, TimeProvider time, CancellationToken ct) =>
        Answer(await (await jobs.GetAsync(ct)).AskFor(new CancelJob(id, Deadline(time)), time, ct), http);

    private static Results<Ok<HistoryJobView>, ProblemHttpResult> Answer(JobReply reply, HttpContext http) =>
        reply.Match<Results<Ok<HistoryJobView>, ProblemHttpResult>>(found => TypedResults.Ok(found.Job), f => f.Reason.ToProblem(http));
}
