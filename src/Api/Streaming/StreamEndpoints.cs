using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.MarketData;
using WheelStrat.Actors.Replies;
using WheelStrat.Actors.Streaming;
using WheelStrat.Api.Auth;
using WheelStrat.Api.OpenApi;
using WheelStrat.Api.Problems;
using WheelStrat.Api.Validation;
using static WheelStrat.Actors.Streaming.StreamsProtocol;

namespace WheelStrat.Api.Streaming;

public static class StreamEndpoints
{
    public const string LastEventIdHeader = "Last-Event-ID";

    private const string ClientItem = "stream-client";

    private const string Description =
        "Server-sent events (text/event-stream), one connection instead of polling. Events: " +
        "`quote` (the /quote body, on change, at most one per instrument per MarketData:StreamInterval, default 250 ms), " +
        "`order` (the /orders view whenever it changes), `execution` (each journaled fill or correction, again when its commission arrives), " +
        "`health` (gateway status changes, and the current one at the start), `notice` (a quote line was released), " +
        "`reset` (the asked resume id is outside the window: reload /orders and /executions), and `closed` (the bridge ended the stream, " +
        "e.g. the client read too slowly; reconnect with Last-Event-ID). Order and execution events carry the feed id as the SSE id: " +
        "reconnect with Last-Event-ID (EventSource does this itself) or ?after= to get what was missed, then live, nothing twice. " +
        "A comment line every Streaming:Heartbeat (15 s) keeps proxies from closing an idle stream.";

    public static IEndpointRouteBuilder MapStream(this IEndpointRouteBuilder app)
    {
        app.MapGet("/stream", OpenAsync)
            .WithTags("Streaming")
            .WithName("openStream")
            .WithSummary("Live quotes, order updates, fills and health as server-sent events, resumable by id")
            .WithDescription(Description)
            .WithQuery(
                new ApiParameter("instruments", "Comma-separated instruments to stream quotes for (at most Streaming:MaxInstrumentsPerStream, default 50): SYMBOL or 'SYMBOL YYYYMMDD STRIKE C|P'")
                {
                    Example = "AAPL,AMZN 20260213 200 P",
                },
                new ApiParameter("orders", "Send `order` events") { Type = "boolean", Default = "false" },
                new ApiParameter("executions", "Send `execution` events") { Type = "boolean", Default = "false" },
                new ApiParameter("health", "Send `health` events") { Type = "boolean", Default = "true" },
                new ApiParameter("after", "Replay the order and execution events after this id first (as Last-Event-ID; the header wins)")
                {
                    Type = "integer", Minimum = 0,
                },
                new ApiParameter("ticket", "Instead of X-API-KEY, for EventSource (which cannot send headers): a ticket from POST /stream/tickets"))
            .WithHeader(new ApiParameter(LastEventIdHeader, "The id of the last event received; sent by EventSource when it reconnects") { Type = "integer", Minimum = 0 })
            .Produces<string>(StatusCodes.Status200OK, EventStreamResult.ContentType)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status429TooManyRequests,
                StatusCodes.Status503ServiceUnavailable, StatusCodes.Status504GatewayTimeout)
            .WithResponseDescriptions(
                (StatusCodes.Status200OK, "The event stream; stays open until the client leaves or the bridge closes it with a `closed` event"),
                (StatusCodes.Status400BadRequest, "A bad parameter, too many instruments, or an instrument IB does not know (before the stream opens)"),
                (StatusCodes.Status429TooManyRequests, "This API key already holds Streaming:MaxStreamsPerKey streams"),
                (StatusCodes.Status503ServiceUnavailable, "Every market-data line is held by other streams"));
        app.MapPost("/stream/tickets", (HttpContext http, StreamTickets tickets) => TypedResults.Ok(tickets.Issue(Client(http))))
            .WithTags("Streaming")
            .WithName("createStreamTicket")
            .WithSummary("A short-lived ticket that opens GET /stream?ticket=... without the X-API-KEY header (for EventSource in a browser)")
            .Produces<StreamTicket>()
            .ProducesProblems(StatusCodes.Status401Unauthorized);
        return app;
    }

    private static async Task<Results<EventStreamResult, ProblemHttpResult>> OpenAsync(
        HttpContext http, IRequiredActor<StreamsActor> streams, IOptions<StreamingOptions> streaming, IOptions<MarketDataOptions> marketData, TimeProvider time)
    {
        var options = streaming.Value;
        var request = http.Request;
        var errors = new Errors();
        var keys = request.Query["instruments"]
            .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (keys.Count > options.MaxInstrumentsPerStream)
        {
            errors.Add("instruments", $"{keys.Count} instruments; at most {options.MaxInstrumentsPerStream} per stream (Streaming:MaxInstrumentsPerStream)");
        }

        var specs = keys.Select(k => SpecParser.FromKey(k, errors, "instruments")).ToList();
        var orders = Flag(request, "orders", false, errors);
        var executions = Flag(request, "executions", false, errors);
        var health = Flag(request, "health", true, errors);
        var after = Id(request.Headers[LastEventIdHeader].ToString(), LastEventIdHeader, errors) ?? Id(request.Query["after"].ToString(), "after", errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var buffer = new StreamBuffer(options.BufferSize);
        // The stream's deadline to open, the one place it is set: every line's contract lookup, and the feed's replay.
        var notAfter = NotAfter.In(marketData.Value.ContractTimeout + TimeSpan.FromSeconds(5), time.GetUtcNow());
        var open = new OpenStream(Client(http), [.. specs.Select(s => s!)], orders, executions, health, after, buffer, notAfter, http.RequestAborted);
        return (await (await streams.GetAsync(http.RequestAborted)).AskFor(open, time, http.RequestAborted)).Match<Results<EventStreamResult, ProblemHttpResult>>(
            opened => new EventStreamResult(buffer, opened.Session, options.Heartbeat, options.ClientRetry),
            refused => Refused(refused),
            tooMany => TypedResults.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many open streams",
                detail: $"this API key already holds {tooMany.Limit} open streams (Streaming:MaxStreamsPerKey); close one first"),
            f => f.Reason.ToProblem(http));
    }

    private static ProblemHttpResult Refused(OpenStreamReply.Refused r)
    {
        var errors = new Errors();
        errors.Add("instruments", $"{r.Instrument}: {r.Reason}");
        return errors.ToProblem();
    }

    private static bool Flag(HttpRequest request, string name, bool fallback, Errors errors)
    {
        var text = request.Query[name].ToString().Trim();
        switch (text.ToLowerInvariant())
        {
            case "":
                return fallback;
            case "true" or "1":
                return true;
            case "false" or "0":
                return false;
            default:
                errors.Add(name, "must be true or false");
                return fallback;
        }
    }

    private static long? Id(string text, string field, Errors errors)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return id;
        }

        errors.Add(field, "must be the id of an event this bridge sent (a non-negative integer)");
        return null;
    }

    /// <summary>GET /stream with a valid ticket passes the key check as the key that asked for the ticket.</summary>
    public static bool HasValidTicket(HttpContext http)
    {
        if (!http.Request.Path.Equals("/stream", StringComparison.OrdinalIgnoreCase) || !HttpMethods.IsGet(http.Request.Method)
            || http.Request.Query["ticket"].ToString() is not { Length: > 0 } ticket
            || http.RequestServices.GetService(typeof(StreamTickets)) is not StreamTickets tickets
            || tickets.ClientOf(ticket) is not { } client)
        {
            return false;
        }

        http.Items[ClientItem] = client;
        return true;
    }

    /// <summary>Streams are counted per key (a ticket counts for its key); the key itself is never kept or logged.</summary>
    private static string Client(HttpContext http) =>
        http.Items[ClientItem] as string
        ?? Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(http.Request.Headers[ApiKeyMiddleware.Header].ToString())))[..16];
}
