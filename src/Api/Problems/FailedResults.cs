using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using WheelStrat.Actors.Replies;
using NotFound = WheelStrat.Actors.Replies.NotFound;

namespace WheelStrat.Api.Problems;

/// <summary>The one mapping from an actor's <see cref="Failed"/> reply to problem details.</summary>
public static class FailedResults
{
    /// <summary>The problem for <paramref name="failed"/>; a 429 also says when to come back (RFC 6585 §4), as every 503 does.</summary>
    public static ProblemHttpResult ToProblem(this Failed failed, HttpContext http)
    {
        var (status, title) = failed switch
        {
            Unavailable => (StatusCodes.Status503ServiceUnavailable, "IB Gateway unavailable"),
            TimedOut => (StatusCodes.Status504GatewayTimeout, "IB did not answer in time"),
            Busy => (StatusCodes.Status429TooManyRequests, "IB's pacing budget is spent for now"),
            NotFound => (StatusCodes.Status404NotFound, "Not found at IB"),
            Rejected { Rule: not null } => (StatusCodes.Status422UnprocessableEntity, "Refused by a safety rule"),
            _ => (StatusCodes.Status422UnprocessableEntity, "Rejected by IB"),
        };
        var extensions = new Dictionary<string, object?>();
        switch (failed)
        {
            case NotFound { IbCode: { } code }:
                extensions["ibCode"] = code;
                break;
            case Rejected r:
                if (r.IbCode is { } ib)
                {
                    extensions["ibCode"] = ib;
                }

                if (r.Rule is { } rule)
                {
                    extensions["rule"] = rule;
                }

                break;
            case Busy b:
                extensions["retryAfterSeconds"] = int.Parse(RetryAfterMiddleware.Seconds(b.RetryAfter), System.Globalization.CultureInfo.InvariantCulture);
                http.Response.Headers.RetryAfter = RetryAfterMiddleware.Seconds(b.RetryAfter);
                break;
        }

        return TypedResults.Problem(statusCode: status, title: title, detail: failed.Message, extensions: extensions);
    }
}
