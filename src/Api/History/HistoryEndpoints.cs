using System.Globalization;
using System.Text.RegularExpressions;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using WheelStrat.Actors.History;
using WheelStrat.Actors.History.Jobs;
using WheelStrat.Actors.Replies;
using WheelStrat.Api.OpenApi;
using WheelStrat.Api.Problems;
using WheelStrat.Api.Validation;

namespace WheelStrat.Api.History;

/// <summary><see cref="FromStore"/> of the bars came from the bar store; <see cref="IbRequests"/> requests went to IB for the rest.</summary>
public sealed record HistoryDto(
    string Instrument, int ConId, string BarSize, string WhatToShow, bool UseRth, string TimeZone, int FromStore, int IbRequests, IReadOnlyList<HistoryBar> Bars);

public static partial class HistoryEndpoints
{
    public static readonly string[] WhatToShowValues =
    [
        "MIDPOINT", "BID_ASK", "TRADES", "BID", "ASK", "OPTION_IMPLIED_VOLATILITY", "HISTORICAL_VOLATILITY", "ADJUSTED_LAST",
    ];

    public static IEndpointRouteBuilder MapHistory(this IEndpointRouteBuilder app)
    {
        app.MapGet("/history", GetAsync)
            .WithTags("Market data")
            .WithName("getHistory")
            .WithSummary("Historical bars in UTC from the bar store (IB is asked only for missing ranges); Accept: text/csv for CSV")
            .WithQuery([
                .. ContractQuery.Contract,
                new ApiParameter("duration", "How far back from end: N S|D|W|M|Y") { Pattern = "^[0-9]+ [SDWMYsdwmy]$", Default = "1 D", Example = "5 D" },
                new ApiParameter("barSize", "IB's bar size") { Enum = [.. BarSizes.All], Default = "1 hour" },
                new ApiParameter("whatToShow", "IB's data type") { Enum = WhatToShowValues, Default = "MIDPOINT" },
                new ApiParameter("useRTH", "Regular trading hours only") { Type = "boolean", Default = "true" },
                new ApiParameter("end", "End of the window, ISO-8601 (UTC unless an offset is given); default now") { Format = "date-time" },
                new ApiParameter("asJob", "When the query needs more IB requests than History:MaxIbRequestsPerQuery (a 422 otherwise), submit it as a bulk history job instead: 202 with the job, as POST /history/jobs answers") { Type = "boolean", Default = "false" },
            ])
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .WithResponseDescriptions(
                (StatusCodes.Status202Accepted, "asJob=true and the query was too large to wait for: the new history job (Location: /history/jobs/{id}); 200 with the job if the same one was submitted before"),
                (StatusCodes.Status422UnprocessableEntity, "The query needs more IB requests than one query may use (ibRequests, maxIbRequests): shorten it, use larger bars, or ask with asJob=true"))
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status429TooManyRequests)
            .ProducesGatewayProblems();
        app.MapHistoryJobs();
        return app;
    }

    /// <summary>
    /// 200 with the bars (JSON, or CSV on Accept: text/csv); with asJob=true, the job as POST /history/jobs answers
    /// (its 200 for a job submitted before is written as plain JSON, so the bars stay the 200 body's one JSON type).
    /// </summary>
    private static async Task<Results<Ok<HistoryDto>, ContentHttpResult, Accepted<HistoryJobView>, JsonHttpResult<HistoryJobView>, ProblemHttpResult>> GetAsync(
        HttpRequest request, IRequiredActor<HistoryActor> history, IRequiredActor<HistoryJobsManager> jobs, IOptions<HistoryOptions> options, TimeProvider time, CancellationToken ct)
    {
        var errors = new Errors();
        var query = Parse(request.Query, errors);
        var asJob = false;
        var rawAsJob = request.Query["asJob"].ToString();
        if (rawAsJob.Length > 0 && !bool.TryParse(rawAsJob, out asJob))
        {
            errors.Add("asJob", $"'{SpecParser.Shorten(rawAsJob)}' must be true or false");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var now = time.GetUtcNow();
        switch (HistoryLimits.Plan(query!, now, options.Value.MaxIbRequestsPerQuery))
        {
            case HistoryPlan.Implausible i:
                var beyond = $"{query!.Duration} of {query.BarSize} bars: {i.Limit}; the largest duration allowed is {i.LargestDuration}";
                return HistoryJobEndpoints.Beyond("duration", beyond, i);
            case HistoryPlan.TooManyRequests when asJob:
                return (await HistoryJobEndpoints.SubmitAsync(HistoryJobSpec.ForQuery(query!, now), jobs, request.HttpContext, time, ct)).Result switch
                {
                    Accepted<HistoryJobView> accepted => accepted,
                    Ok<HistoryJobView> again => TypedResults.Json(again.Value),
                    var problem => (ProblemHttpResult)problem,
                };
            case HistoryPlan.TooManyRequests t:
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "Too many IB requests for one query",
                    detail: $"{query!.Duration} of {query.BarSize} bars needs {t.IbRequests} IB requests (at most {BarSizes.Duration(BarSizes.MaxRequestSpan(query.BarSize))} each); "
                        + $"one query may use {t.Max} (History:MaxIbRequestsPerQuery), and IB allows 60 per 10 minutes: shorten the duration, use larger bars, or ask again with asJob=true for a bulk history job",
                    extensions: new Dictionary<string, object?> { ["ibRequests"] = t.IbRequests, ["maxIbRequests"] = t.Max });
        }

        // The query's deadline, the one place it is set: the actor answers (TimedOut at worst) by then.
        var notAfter = NotAfter.In(options.Value.Wait, now);
        return (await (await history.GetAsync(ct)).AskFor(new HistoryProtocol.GetHistory(query!, notAfter), time, ct))
            .Match<Results<Ok<HistoryDto>, ContentHttpResult, Accepted<HistoryJobView>, JsonHttpResult<HistoryJobView>, ProblemHttpResult>>(
                bars =>
                {
                    var r = bars.Result;
                    return WantsCsv(request)
                        ? TypedResults.Text(ToCsv(r.Bars), "text/csv")
                        : TypedResults.Ok(new HistoryDto(r.Query.Spec.Key, r.ConId, r.Query.BarSize, r.Query.WhatToShow, r.Query.UseRth, r.TimeZoneId, r.FromStore, r.IbRequests, r.Bars));
                },
                failure => failure.Reason.ToProblem(request.HttpContext));
    }

    private static HistoryQuery? Parse(IQueryCollection q, Errors errors)
    {
        var spec = SpecParser.FromQuery(q, errors);

        var duration = q["duration"].ToString().Trim().ToUpperInvariant();
        if (duration.Length == 0)
        {
            duration = "1 D";
        }
        else if (!DurationPattern().IsMatch(duration))
        {
            errors.Add("duration", $"'{SpecParser.Shorten(duration)}' must look like '3600 S', '5 D', '2 W', '1 M' or '1 Y'");
        }

        var barSize = q["barSize"].ToString().Trim();
        if (barSize.Length == 0)
        {
            barSize = "1 hour";
        }
        else if (BarSizes.Canonical(barSize) is null)
        {
            errors.Add("barSize", $"'{SpecParser.Shorten(barSize)}' is not one of: {string.Join(", ", BarSizes.All)}");
        }

        var whatToShow = q["whatToShow"].ToString().Trim().ToUpperInvariant();
        if (whatToShow.Length == 0)
        {
            whatToShow = "MIDPOINT";
        }
        else if (!WhatToShowValues.Contains(whatToShow))
        {
            errors.Add("whatToShow", $"'{SpecParser.Shorten(whatToShow)}' is not one of: {string.Join(", ", WhatToShowValues)}");
        }

        var useRth = true;
        var rawRth = q["useRTH"].ToString();
        if (rawRth.Length > 0 && !bool.TryParse(rawRth, out useRth))
        {
            errors.Add("useRTH", $"'{SpecParser.Shorten(rawRth)}' must be true or false");
        }

        DateTimeOffset? end = null;
        var rawEnd = q["end"].ToString();
        if (rawEnd.Length > 0)
        {
            if (DateTimeOffset.TryParse(rawEnd, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
                && parsed.Year is >= 1990 and <= 2100)
            {
                end = parsed;
            }
            else
            {
                errors.Add("end", $"'{SpecParser.Shorten(rawEnd)}' is not an ISO-8601 date-time");
            }
        }

        var canonicalBarSize = BarSizes.Canonical(barSize) ?? barSize;
        return errors.Any ? null : new HistoryQuery(spec!, duration, canonicalBarSize, whatToShow, useRth, end);
    }

    private static bool WantsCsv(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));

    /// <summary>One header line, then one line per bar: UTC ISO-8601 time and invariant numbers.</summary>
    public static string ToCsv(IEnumerable<HistoryBar> bars)
    {
        var csv = new System.Text.StringBuilder("time,open,high,low,close,volume,wap,count\n");
        foreach (var b in bars)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{b.Time.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ},{b.Open},{b.High},{b.Low},{b.Close},{b.Volume},{b.Wap},{b.Count}\n");
        }

        return csv.ToString();
    }

    [GeneratedRegex("^[1-9][0-9]{0,4} [SDWMY]$")]
    private static partial Regex DurationPattern();
}
