using Microsoft.AspNetCore.Http;

namespace WheelStrat.Api.Problems;

/// <summary>
/// Every 503 tells the client when to come back (RFC 9110 §10.2.3): a mobile app that retries at once only
/// adds load to a bridge waiting for IB. An endpoint that knows better (the next reconnect) sets its own value.
/// </summary>
public sealed class RetryAfterMiddleware(RequestDelegate next)
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(5);

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var response = ((HttpContext)state).Response;
            if (response.StatusCode == StatusCodes.Status503ServiceUnavailable && !response.Headers.ContainsKey("Retry-After"))
            {
                response.Headers.RetryAfter = Seconds(Default);
            }

            return Task.CompletedTask;
        }, context);
        return next(context);
    }

    /// <summary>Whole seconds, at least one: Retry-After has no fractions, and 0 invites a hot retry loop.</summary>
    public static string Seconds(TimeSpan wait) =>
        Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
