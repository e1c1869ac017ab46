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
using NotFound = WheelStrat.Actors.Replies.NotFound;
using WheelStrat.Api.OpenApi;
using WheelStrat.Api.Problems;
using static WheelStrat.Actors.MarketData.MarketDataProtocol;
using WheelStrat.Api.Validation;

namespace WheelStrat.Api.Quotes;

/// <summary>One instrument of a /quotes batch: its quote or why there is none.</summary>
public sealed record BatchQuote(string Instrument, QuoteSnapshot? Quote, string? Error, int? Status);

public static class QuoteEndpoints
{
    public const int MaxBatch = 50;

    public static IEndpointRouteBuilder MapQuotes(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Market data");
        group.MapGet("/quote", GetQuoteAsync)
            .WithName("getQuote")
            .WithSummary("Quote with greeks for a stock or an option")
            .WithQuery(ContractQuery.Contract)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity).ProducesGatewayProblems();
        group.MapGet("/quotes", GetQuotesAsync)
            .WithName("getQuotes")
            .WithSummary($"Up to {MaxBatch} quotes at once, in parallel; each has its quote or why there is none")
            .WithQuery(new ApiParameter("instruments", $"Comma-separated, at most {MaxBatch}: SYMBOL or 'SYMBOL YYYYMMDD STRIKE C|P'")
            {
                Required = true, Example = "AAPL,AMZN 20260213 200 P",
            })
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized);
        return app;
    }

    private static async Task<Results<Ok<QuoteSnapshot>, ProblemHttpResult>> GetQuoteAsync(
        HttpRequest request, IRequiredActor<MarketDataManager> marketData, IOptions<MarketDataOptions> options, TimeProvider time, CancellationToken ct)
    {
        var errors = new Errors();
        var spec = SpecParser.FromQuery(request.Query, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return (await AskQuoteAsync(await marketData.GetAsync(ct), spec!, options.Value, time, ct)).Match<Results<Ok<QuoteSnapshot>, ProblemHttpResult>>(
            q => TypedResults.Ok(q.Quote),
            f => f.Reason.ToProblem(request.HttpContext));
    }

    private static async Task<Results<Ok<BatchQuote[]>, ProblemHttpResult>> GetQuotesAsync(
        HttpRequest request, IRequiredActor<MarketDataManager> marketData, IOptions<MarketDataOptions> options, TimeProvider time, CancellationToken ct)
    {
        var errors = new Errors();
        var keys = request.Query["instruments"]
            .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (keys.Count == 0)
        {
            errors.Add("instruments", "is required: a comma-separated list such as AAPL,AMZN 20260213 200 P");
        }
        else if (keys.Count > MaxBatch)
        {
            errors.Add("instruments", $"{keys.Count} instruments; at most {MaxBatch} per call");
        }

        var specs = keys.Select(k => (Key: k, Spec: SpecParser.FromKey(k, errors, "instruments"))).ToList();
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var actor = await marketData.GetAsync(ct);
        var answers = await Task.WhenAll(specs.Select(async s => (s.Key, Reply: await AskQuoteAsync(actor, s.Spec!, options.Value, time, ct))));
        return TypedResults.Ok(answers.Select(a => a.Reply.Match(
            q => new BatchQuote(a.Key, q.Quote, null, StatusCodes.Status200OK),
            f => new BatchQuote(a.Key, null, f.Reason.Message, f.Reason switch
            {
                Unavailable => StatusCodes.Status503ServiceUnavailable,
                TimedOut => StatusCodes.Status504GatewayTimeout,
                NotFound => StatusCodes.Status404NotFound,
                _ => StatusCodes.Status422UnprocessableEntity,
            }))).ToArray());
    }

    private static Task<QuoteReply> AskQuoteAsync(IActorRef marketData, ContractSpec spec, MarketDataOptions options, TimeProvider time, CancellationToken ct) =>
        marketData.AskFor(new GetQuote(spec, Deadline(spec, options, time.GetUtcNow())), time, ct);

    /// <summary>A quote's deadline, the one place it is set: the line's wait for a stock or an option quote (qualifying included).</summary>
    private static NotAfter Deadline(ContractSpec spec, MarketDataOptions options, DateTimeOffset now) =>
        NotAfter.In(spec.IsOption ? options.OptionQuoteWait : options.StockQuoteWait, now);
}
