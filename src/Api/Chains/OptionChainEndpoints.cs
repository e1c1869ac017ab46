using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using WheelStrat.Actors.Chains;
using WheelStrat.Actors.MarketData;
using WheelStrat.Actors.Replies;
using WheelStrat.Api.OpenApi;
using WheelStrat.Api.Problems;
using WheelStrat.Api.Validation;

namespace WheelStrat.Api.Chains;

public static class OptionChainEndpoints
{
    public static IEndpointRouteBuilder MapOptionChains(this IEndpointRouteBuilder app)
    {
        app.MapGet("/option-chain", GetAsync)
            .WithTags("Market data")
            .WithName("getOptionChain")
            .WithSummary("Expirations, strikes, exchanges, multiplier and trading class of a symbol's options")
            .WithQuery(ContractQuery.Symbol)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound).ProducesGatewayProblems();
        return app;
    }

    private static async Task<Results<Ok<OptionChain>, ProblemHttpResult>> GetAsync(
        HttpRequest request, IRequiredActor<OptionChainActor> chains, IOptions<MarketDataOptions> options, TimeProvider time, CancellationToken ct)
    {
        var errors = new Errors();
        var spec = SpecParser.FromKey(request.Query["symbol"].ToString(), errors, "symbol");
        if (spec is { IsOption: true })
        {
            errors.Add("symbol", "must be an underlying symbol, not an option");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        // The chain's deadline, the one place it is set: the underlying's lookup and IB's answer within ChainTimeout.
        var notAfter = NotAfter.In(options.Value.ChainTimeout, time.GetUtcNow());
        return (await (await chains.GetAsync(ct)).AskFor(new OptionChainProtocol.GetOptionChain(spec!.Symbol, notAfter), time, ct))
            .Match<Results<Ok<OptionChain>, ProblemHttpResult>>(
                found => TypedResults.Ok(found.Chain),
                failure => failure.Reason.ToProblem(request.HttpContext));
    }
}
