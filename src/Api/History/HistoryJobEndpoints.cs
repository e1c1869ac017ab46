using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WheelStrat.Actors.History.Jobs;
using WheelStrat.Actors.Replies;
using WheelStrat.Api.Problems;
using WheelStrat.Api.Validation;
using static WheelStrat.Actors.History.Jobs.HistoryJobsProtocol;

namespace WheelStrat.Api.History;

public static class HistoryJobEndpoints
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapHistoryJobs(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/history/jobs").WithTags("Market data");
        group.MapPost("", SubmitAsync).WithSummary("Bulk history for an option chain: 202 with the new job, 200 with the same job submitted before");
        group.MapGet("", ListAsync).WithSummary("All history jobs, newest first");
        group.MapGet("/{id}", GetAsync).WithSummary("One job: planned / done / failed, time left under IB's pacing, errors per contract");
        group.MapDelete("/{id}", CancelAsync).WithSummary("Cancel a job (bars already stored stay)");
        return app;
    }

    private static async Task<IResult> SubmitAsync(HttpContext http, IRequiredActor<HistoryJobsManager> jobs, CancellationToken ct)
    {
        var errors = new Errors();
        var spec = await JsonBody.ReadAsync(http, errors, HistoryJobRequestParser.Parse, ct);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return await (await jobs.GetAsync(ct)).Ask<object>(new SubmitJob(spec!), AskTimeout, ct) switch
        {
            JobAccepted { Created: true } a => Results.Accepted($"/history/jobs/{a.Job.Id}", a.Job),
            JobAccepted a => Results.Ok(a.Job),
            Failed f => f.ToProblem(),
            var other => FailedResults.Unexpected(other),
        };
    }

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
