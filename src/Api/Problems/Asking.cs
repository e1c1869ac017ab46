using Akka.Actor;
using WheelStrat.Actors.Replies;

namespace WheelStrat.Api.Problems;

public static class Asking
{
    /// <summary>How long after a request's deadline a missing reply counts as lost (a node gone, a bug): the actor answers by the deadline itself.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Asks for the closed answer to <paramref name="request"/>. The actor answers by the deadline the request carries;
    /// the Ask's own timeout is that deadline plus <see cref="Grace"/>, and a reply lost past it is the reply's failure
    /// case with TimedOut (504).
    /// </summary>
    public static async Task<TReply> AskFor<TReply>(this IActorRef actor, IAsk<TReply> request, TimeProvider time, CancellationToken ct)
        where TReply : class, IClosedReply<TReply>
    {
        var backstop = request.NotAfter.Remaining(time.GetUtcNow()) + Grace;
        try
        {
            return await actor.Ask<TReply>(request, backstop, ct);
        }
        catch (AskTimeoutException)
        {
            return TReply.Failing(new TimedOut($"no answer to {request.GetType().Name} within {backstop.TotalSeconds:0}s"));
        }
    }
}
