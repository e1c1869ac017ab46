using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WheelStrat.Actors.Account;

namespace WheelStrat.Api.Account;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccount(this IEndpointRouteBuilder app)
    {
        app.MapGet("/positions", async (IRequiredActor<AccountActor> account, CancellationToken ct) =>
                Results.Ok(await (await account.GetAsync(ct)).Ask<PositionsView>(AccountProtocol.GetPositions.Instance, TimeSpan.FromSeconds(5), ct)))
            .WithTags("Account").WithSummary("Positions, kept warm; stale=true while the gateway is down");
        app.MapGet("/account", async (IRequiredActor<AccountActor> account, CancellationToken ct) =>
                Results.Ok(await (await account.GetAsync(ct)).Ask<AccountView>(AccountProtocol.GetAccount.Instance, TimeSpan.FromSeconds(5), ct)))
            .WithTags("Account").WithSummary("NetLiquidation, BuyingPower, AvailableFunds, ExcessLiquidity, cash ...");
        return app;
    }
}
