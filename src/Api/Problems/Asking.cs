using Akka.Actor;
using WheelStrat.Actors.Replies;

namespace WheelStrat.Api.Problems;

public static class Asking
{
    /// <summary>
    /// Asks for the closed answer to <paramref name="request"/>. The actor answers by the deadline the request carries;
    /// <paramref name="backstop"/> only guards against a lost reply (an <see cref="AskTimeoutException"/>, a 504).
    /// </summary>
    public static Task<IReplyTo<TRequest>> AskFor<TRequest>(this IActorRef actor, TRequest request, TimeSpan backstop, CancellationToken ct)
        where TRequest : notnull =>
        actor.Ask<IReplyTo<TRequest>>(request, backstop, ct);
}
