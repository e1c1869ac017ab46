using Akka.Actor;
using WheelStrat.Actors.Replies;

namespace WheelStrat.Api.Problems;

public static class Asking
{
    /// <summary>How long after a request's deadline a missing reply counts as lost (a node gone, a bug): the actor answers by the deadline itself.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Asks for the closed answer to <paramref name="request"/>. The actor answers by the deadline the request carries;
    /// the Ask's own timeout is that deadline plus <see cref="Grace"/>, and a reply lost past it is a TimedOut (504).
    /// </summary>
    public static async Task<IReplyTo<TRequest>> AskFor<TRequest>(this IActorRef actor, TRequest request, TimeProvider time, CancellationToken ct)
        where TRequest : class, IWithDeadline
    {
        var backstop = request.NotAfter.Remaining(time.GetUtcNow()) + Grace;
        try
        {
            return await actor.Ask<IReplyTo<TRequest>>(request, backstop, ct);
        }
        catch (AskTimeoutException)
        {
            return new TimedOut($"no answer to {typeof(TRequest).Name} within {backstop.TotalSeconds:0}s");
        }
    }
}
