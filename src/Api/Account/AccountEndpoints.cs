using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using WheelStrat.Actors.Account;
using WheelStrat.Actors.Replies;
using WheelStrat.Api.OpenApi;
using WheelStrat.Api.Problems;

namespace WheelStrat.Api.Account;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccount(this IEndpointRouteBuilder app)
    {
        app.MapGet("/positions", async (IRequiredActor<AccountActor> account, HttpContext http, TimeProvider time, CancellationToken ct) =>
                Answered(await (await account.GetAsync(ct)).AskFor(new AccountProtocol.GetPositions(NotAfter.In(Wait, time.GetUtcNow())), time, ct), http))
            .WithTags("Account").WithName("getPositions").WithSummary("Positions, kept warm; stale=true while the gateway is down")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status503ServiceUnavailable, StatusCodes.Status504GatewayTimeout);
        app.MapGet("/account", async (IRequiredActor<AccountActor> account, HttpContext http, TimeProvider time, CancellationToken ct) =>
                Answered(await (await account.GetAsync(ct)).AskFor(new AccountProtocol.GetAccount(NotAfter.In(Wait, time.GetUtcNow())), time, ct), http))
            .WithTags("Account").WithName("getAccount").WithSummary("NetLiquidation, BuyingPower, AvailableFunds, ExcessLiquidity, cash ...; stale=true while not current")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status503ServiceUnavailable, StatusCodes.Status504GatewayTimeout);
        return app;
    }

    /// <summary>Positions and the account are answered from memory; the wait only bounds a busy mailbox.</summary>
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private static Results<Ok<T>, ProblemHttpResult> Answered<T>(Answer<T> answer, HttpContext http) =>
        answer.Match<Results<Ok<T>, ProblemHttpResult>>(v => TypedResults.Ok(v.Item), f => f.Reason.ToProblem(http));
}
