using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WheelStrat.Actors.Account;
using WheelStrat.Api.OpenApi;

namespace WheelStrat.Api.Account;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccount(this IEndpointRouteBuilder app)
    {
        app.MapGet("/positions", async (IRequiredActor<AccountActor> account, CancellationToken ct) =>
                TypedResults.Ok(await (await account.GetAsync(ct)).Ask<PositionsView>(AccountProtocol.GetPositions.Instance, TimeSpan.FromSeconds(5), ct)))
            .WithTags("Account").WithName("getPositions").WithSummary("Positions, kept warm; stale=true while the gateway is down")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status503ServiceUnavailable);
        app.MapGet("/account", async (IRequiredActor<AccountActor> account, CancellationToken ct) =>
                TypedResults.Ok(await (await account.GetAsync(ct)).Ask<AccountView>(AccountProtocol.GetAccount.Instance, TimeSpan.FromSeconds(5), ct)))
            .WithTags("Account").WithName("getAccount").WithSummary("NetLiquidation, BuyingPower, AvailableFunds, ExcessLiquidity, cash ...; stale=true while not current")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status503ServiceUnavailable);
        return app;
    }
}
