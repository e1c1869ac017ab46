using Microsoft.AspNetCore.Http;
using WheelStrat.Actors.Replies;

namespace WheelStrat.Api.Problems;

/// <summary>The one mapping from an actor's <see cref="Failed"/> reply to problem details.</summary>
public static class FailedResults
{
    public static IResult ToProblem(this Failed failed)
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
                break;
        }

        var problem = Results.Problem(statusCode: status, title: title, detail: failed.Message, extensions: extensions);
        return failed is Busy busy ? new WithRetryAfter(problem, busy.RetryAfter) : problem;
    }

    /// <summary>A 429 says when to come back (RFC 6585 §4), as every 503 does.</summary>
    private sealed class WithRetryAfter(IResult inner, TimeSpan retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterMiddleware.Seconds(retryAfter);
            return inner.ExecuteAsync(httpContext);
        }
    }

    /// <summary>Anything other than the expected success record or a Failed is a bug on our side.</summary>
    public static IResult Unexpected(object reply) =>
        Results.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Unexpected reply", detail: reply.GetType().Name);
}
