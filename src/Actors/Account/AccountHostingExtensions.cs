using Akka.Actor;
using Akka.Hosting;
using WheelStrat.Actors.Gateway;

namespace WheelStrat.Actors.Account;

public static class AccountHostingExtensions
{
    /// <summary>/user/account (after the gateway).</summary>
    public static AkkaConfigurationBuilder AddAccountActors(this AkkaConfigurationBuilder builder) =>
        builder.WithActors((system, registry, resolver) =>
        {
            var gateway = registry.Get<GatewayActor>();
            var health = resolver.GetService<GatewayHealthBoard>();
            var time = resolver.GetService<TimeProvider>();
            registry.Register<AccountActor>(system.ActorOf(Props.Create(() => new AccountActor(gateway, health, time)), "account"));
        });
}
