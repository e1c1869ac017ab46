using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace WheelStrat.Api.Status;

/// <summary>
/// /status: one static page, no build step. It carries no data and no secret; it reads the JSON API
/// in the browser with the operator's key, which never leaves the tab.
/// </summary>
public static class StatusPage
{
    private static readonly Lazy<string> Html = new(() =>
    {
        using var stream = typeof(StatusPage).Assembly.GetManifestResourceStream("WheelStrat.Api.Status.status.html")
            ?? throw new InvalidOperationException("status.html is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static IEndpointRouteBuilder MapStatusPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/status", () => Results.Content(Html.Value, "text/html; charset=utf-8"))
            .WithTags("Health").WithName("statusPage").WithSummary("A status page for people: /health rendered, refreshed in the browser")
            .Produces<string>(StatusCodes.Status200OK, "text/html");
        return app;
    }
}
