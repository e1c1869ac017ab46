using Akka.Actor;

namespace WheelStrat.Actors.Replies;

public static class Deadlines
{
    /// <summary>
    /// Answers <paramref name="request"/> with its failure case (TimedOut) when its deadline has passed, and says so:
    /// the caller then does nothing for it (nothing journaled, nothing asked of IB) — its asker has already given up.
    /// </summary>
    public static bool AnsweredLate<TReply>(this IActorRef sender, IAsk<TReply> request, DateTimeOffset now)
        where TReply : IClosedReply<TReply>
    {
        if (!request.NotAfter.HasPassed(now))
        {
            return false;
        }

        sender.Tell(TReply.Failing(request.NotAfter.Missed(request.GetType().Name, now)));
        return true;
    }
}
