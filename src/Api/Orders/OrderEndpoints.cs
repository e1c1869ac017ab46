using System.Globalization;
using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using WheelStrat.Actors.Orders;
using WheelStrat.Actors.Replies;
using NotFound = WheelStrat.Actors.Replies.NotFound;
using WheelStrat.Api.OpenApi;
using WheelStrat.Api.Problems;
using static WheelStrat.Actors.Orders.OrdersProtocol;
using WheelStrat.Api.Validation;

namespace WheelStrat.Api.Orders;

public static class OrderEndpoints
{
    public const string KeyHeader = "Idempotency-Key";

    private const int MaxListLimit = 5000;

    /// <summary>Checking an order before it is sent: its quote and its contract (IB's lookup).</summary>
    private static readonly TimeSpan CheckAllowance = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan PreviewWait = TimeSpan.FromSeconds(20);

    /// <summary>Reading and listing are answered from the index's and the order's memory.</summary>
    private static readonly TimeSpan ReadWait = TimeSpan.FromSeconds(5);

    /// <summary>A cancel is journaled before IB is asked; the order may first have to wake from its journal.</summary>
    private static readonly TimeSpan CancelWait = TimeSpan.FromSeconds(10);

    public static IEndpointRouteBuilder MapOrders(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Orders");
        Placing(group.MapPost("/order", PlaceAsync).WithName("placeOrder")
            .WithSummary("Place an order (header Idempotency-Key; made and returned when absent)"));
        Placing(group.MapPost("/orders", PlaceAsync).WithName("placeOrderAlias").WithSummary("Same as POST /order"));
        group.MapPost("/orders/preview", PreviewAsync).WithName("previewOrder")
            .WithSummary("Everything but placing: resolved contract, the limit price on its tick, quote and rule verdicts")
            .Accepts<OrderBody>("application/json").WithRequestExample(ExampleBody)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound).ProducesGatewayProblems();
        group.MapGet("/orders", ListAsync).WithName("listOrders")
            .WithSummary("Orders known to the bridge, newest first; a full page has a Link rel=next header")
            .WithQuery(
                new ApiParameter("status", "open, final or all (default)") { Enum = ["open", "final", "all"], Default = "all" },
                new ApiParameter("limit", "At most this many") { Type = "integer", Minimum = 1, Maximum = MaxListLimit },
                new ApiParameter("before", "The idempotency key of the last order of the previous page") { Pattern = OrderRequestParser.KeyRegex })
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/orders/{id}", GetAsync).WithName("getOrder").WithSummary("One order by IB order id or idempotency key")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable);
        group.MapDelete("/orders/{id}", CancelAsync).WithName("cancelOrder").WithSummary("Cancel an order (409 if already final)")
            .Produces<OrderRefusedProblemBody>(StatusCodes.Status409Conflict, ProblemMetadata.ProblemJson)
            .ProducesProblems(StatusCodes.Status404NotFound).ProducesGatewayProblems();
        return app;
    }

    /// <summary>The README's and the API description's example body.</summary>
    public const string ExampleBody = """{"symbol":"AAPL","secType":"OPT","expiration":"20260213","strike":200,"right":"P","action":"SELL","quantity":1,"orderType":"LMT","limitPrice":1.25,"tif":"DAY"}""";

    private static RouteHandlerBuilder Placing(RouteHandlerBuilder route) => route
        .Accepts<OrderBody>("application/json").WithRequestExample(ExampleBody)
        .WithHeader(new ApiParameter(KeyHeader, "The same key never places twice (a repeat answers the first order; 409 if the body differs). Made and returned when absent")
        {
            Pattern = OrderRequestParser.KeyRegex, Example = "aapl-put-2026-02-13",
        })
        .Produces<KeyConflictProblemBody>(StatusCodes.Status409Conflict, ProblemMetadata.ProblemJson)
        .Produces<OrderRefusedProblemBody>(StatusCodes.Status422UnprocessableEntity, ProblemMetadata.ProblemJson)
        .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound).ProducesGatewayProblems()
        .WithResponseDescriptions(
            (StatusCodes.Status200OK, "The same key and body again: the order placed the first time"),
            (StatusCodes.Status201Created, "IB accepted the order (Location: /orders/{key})"),
            (StatusCodes.Status202Accepted, "Sent; IB has not said yet: follow GET /orders/{key} (uncertain says whether the bridge is still asking IB)"),
            (StatusCodes.Status400BadRequest, "A bad or unknown field, each named in errors"),
            (StatusCodes.Status404NotFound, "IB knows no such contract"),
            (StatusCodes.Status409Conflict, "The key already belongs to a different order (existing)"),
            (StatusCodes.Status422UnprocessableEntity, "IB refused it (ibCode; the key keeps this answer), or a safety rule did (rule)"),
            (StatusCodes.Status503ServiceUnavailable, "Nothing was sent (no session, or IB's connection lost: 1100); the key stays free for the same order"),
            (StatusCodes.Status504GatewayTimeout, "IB did not answer in time"));

    private static async Task<Results<Ok<OrderView>, Created<OrderView>, Accepted<OrderView>, ProblemHttpResult>> PlaceAsync(
        HttpContext http, IRequiredActor<OrdersManager> orders, IOptions<SafetyOptions> safety, TimeProvider time, CancellationToken ct)
    {
        var errors = new Errors();
        var key = http.Request.Headers[KeyHeader].ToString();
        if (key.Length == 0)
        {
            key = Guid.NewGuid().ToString("N");
        }
        else if (!OrderRequestParser.IsValidKey(key))
        {
            errors.Add(KeyHeader, "must be 1-64 characters of letters, digits, '.', '_', ':' or '-'");
        }

        var ticket = await JsonBody.ReadAsync(http, errors, OrderRequestParser.Parse, ct);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        http.Response.Headers[KeyHeader] = key;
        // Checked, sent, and IB's first word within SubmitWait of the send: past this nothing is placed.
        var notAfter = NotAfter.In(CheckAllowance + safety.Value.SubmitWait, time.GetUtcNow());
        return (await (await orders.GetAsync(ct)).AskFor(new PlaceOrder(key, ticket!, notAfter), time, ct))
            .Match<Results<Ok<OrderView>, Created<OrderView>, Accepted<OrderView>, ProblemHttpResult>>(
                placed => PlacedResult(placed, key),
                c => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Idempotency key reused with a different order",
                    detail: $"key '{c.IdempotencyKey}' already belongs to {c.Existing.Action} {c.Existing.Quantity} {c.Existing.Symbol}",
                    extensions: new Dictionary<string, object?> { ["existing"] = c.Existing }),
                f => f.Reason.ToProblem(http));
    }

    /// <summary>
    /// A success status only for success: 201 (200 for a repeat) when IB accepted the order, 422 with IB's code
    /// when IB refused it (the key keeps that answer), 202 while IB has not said (the order is journaled and was
    /// sent; GET /orders/{key} follows it, and its <c>uncertain</c> says whether the bridge is still asking IB).
    /// </summary>
    private static Results<Ok<OrderView>, Created<OrderView>, Accepted<OrderView>, ProblemHttpResult> PlacedResult(PlaceOrderReply.Placed placed, string key)
    {
        var order = placed.Order;
        if (order.Status == "Rejected")
        {
            var extensions = new Dictionary<string, object?> { ["order"] = order };
            if (order.ErrorCode is { } code)
            {
                extensions["ibCode"] = code;
            }

            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Rejected by IB",
                detail: order.ErrorMessage ?? "IB refused the order", extensions: extensions);
        }

        var location = $"/orders/{Uri.EscapeDataString(key)}";
        if (!order.AcceptedByIb)
        {
            return TypedResults.Accepted(location, order);
        }

        return placed.Existing ? TypedResults.Ok(order) : TypedResults.Created(location, order);
    }

    private static async Task<Results<Ok<OrderPreview>, ProblemHttpResult>> PreviewAsync(HttpContext http, IRequiredActor<OrdersManager> orders, TimeProvider time, CancellationToken ct)
    {
        var errors = new Errors();
        var ticket = await JsonBody.ReadAsync(http, errors, OrderRequestParser.Parse, ct);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return (await (await orders.GetAsync(ct)).AskFor(new PreviewOrder(ticket!, NotAfter.In(PreviewWait, time.GetUtcNow())), time, ct))
            .Match<Results<Ok<OrderPreview>, ProblemHttpResult>>(p => TypedResults.Ok(p.Preview), f => f.Reason.ToProblem(http));
    }

    private static async Task<Results<Ok<OrderView[]>, ProblemHttpResult>> ListAsync(HttpRequest request, IRequiredActor<OrdersManager> orders, TimeProvider time, CancellationToken ct)
    {
        var errors = new Errors();
        bool? final = request.Query["status"].ToString().Trim().ToLowerInvariant() switch
        {
            "" or "all" => null,
            "open" => false,
            "final" => true,
            var other => Invalid(errors, "status", $"'{SpecParser.Shorten(other)}' is not one of: open, final, all"),
        };
        int? limit = null;
        var rawLimit = request.Query["limit"].ToString();
        if (rawLimit.Length > 0)
        {
            if (int.TryParse(rawLimit, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxListLimit)
            {
                limit = n;
            }
            else
            {
                errors.Add("limit", $"must be a whole number from 1 to {MaxListLimit}");
            }
        }

        var before = request.Query["before"].ToString();
        if (before.Length > 0 && !OrderRequestParser.IsValidKey(before))
        {
            errors.Add("before", "must be an idempotency key: 1-64 characters of letters, digits, '.', '_', ':' or '-'");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return (await (await orders.GetAsync(ct)).AskFor(new GetOrders(NotAfter.In(ReadWait, time.GetUtcNow()), final, limit, before.Length > 0 ? before : null), time, ct))
            .Match<Results<Ok<OrderView[]>, ProblemHttpResult>>(
                list => PageOf(request, list, limit),
                f => f.Reason is NotFound nf
                    ? TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["before"] = [nf.Message] })
                    {
                        Status = StatusCodes.Status400BadRequest,
                    })
                    : f.Reason.ToProblem(request.HttpContext));
    }

    /// <summary>A full page links to the next one (RFC 8288 Link header), so the body stays a plain array.</summary>
    private static Ok<OrderView[]> PageOf(HttpRequest request, OrderListReply.Listed list, int? limit)
    {
        if (limit is { } n && list.Orders.Count == n)
        {
            var query = QueryString.Create(request.Query
                .Where(q => q.Key != "before")
                .Select(q => KeyValuePair.Create(q.Key, (string?)q.Value.ToString()))
                .Append(KeyValuePair.Create("before", (string?)list.Orders[^1].IdempotencyKey)));
            request.HttpContext.Response.Headers.Link = $"<{request.Path}{query}>; rel=\"next\"";
        }

        return TypedResults.Ok(list.Orders.ToArray());
    }

    private static bool? Invalid(Errors errors, string field, string message)
    {
        errors.Add(field, message);
        return null;
    }

    private static async Task<Results<Ok<OrderView>, ProblemHttpResult>> GetAsync(string id, IRequiredActor<OrdersManager> orders, HttpContext http, TimeProvider time, CancellationToken ct) =>
        (await (await orders.GetAsync(ct)).AskFor(new GetOrder(id, NotAfter.In(ReadWait, time.GetUtcNow())), time, ct))
            .Match<Results<Ok<OrderView>, ProblemHttpResult>>(found => TypedResults.Ok(found.Order), f => f.Reason.ToProblem(http));

    private static async Task<Results<Accepted<OrderView>, ProblemHttpResult>> CancelAsync(string id, IRequiredActor<OrdersManager> orders, HttpContext http, TimeProvider time, CancellationToken ct) =>
        (await (await orders.GetAsync(ct)).AskFor(new OrdersProtocol.CancelOrder(id, NotAfter.In(CancelWait, time.GetUtcNow())), time, ct))
            .Match<Results<Accepted<OrderView>, ProblemHttpResult>>(
                sent => TypedResults.Accepted($"/orders/{id}", sent.Order),
                final => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Order already final",
                    detail: $"order {id} is {final.Order.Status}", extensions: new Dictionary<string, object?> { ["order"] = final.Order }),
                f => f.Reason.ToProblem(http));
}
