using System.Diagnostics;
using Akka.Actor;
using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.Replies;

namespace WheelStrat.Actors.Streaming;

public static class StreamsProtocol
{
    /// <summary>
    /// Opens one /stream for <paramref name="Client"/> (a hash of its API key), answered once every instrument has a line
    /// and the feed answered. The session stops by itself once <paramref name="ClientGone"/> fires.
    /// </summary>
    public sealed record OpenStream(
        string Client,
        IReadOnlyList<ContractSpec> Instruments,
        bool Orders,
        bool Executions,
        bool Health,
        long? After,
        StreamBuffer Buffer,
        NotAfter NotAfter,
        CancellationToken ClientGone) : IAsk<OpenStreamReply>;

    public abstract record OpenStreamReply : IClosedReply<OpenStreamReply>
    {
        private OpenStreamReply()
        {
        }

        public static OpenStreamReply Failing(Failed failed) => new Failure(failed);

        public T Match<T>(Func<Opened, T> opened, Func<Refused, T> refused, Func<TooMany, T> tooMany, Func<Failure, T> failure) => this switch
        {
            Opened o => opened(o),
            Refused r => refused(r),
            TooMany t => tooMany(t),
            Failure f => failure(f),
            _ => throw new UnreachableException(),
        };

        /// <summary>Stop <paramref name="Session"/> when the client leaves.</summary>
        public sealed record Opened(IActorRef Session) : OpenStreamReply;

        /// <summary>The instrument cannot be streamed (IB does not know it): a 400 before the stream opens.</summary>
        public sealed record Refused(string Instrument, string Reason) : OpenStreamReply;

        /// <summary>This key already holds <paramref name="Limit"/> streams (Streaming:MaxStreamsPerKey).</summary>
        public sealed record TooMany(int Limit) : OpenStreamReply;

        /// <summary>Unavailable (no line free), TimedOut (a line or the feed did not answer in time).</summary>
        public sealed record Failure(Failed Reason) : OpenStreamReply;
    }

    /// <summary>Open streams per client, for /admin and the limit.</summary>
    public sealed record GetStreams { public static readonly GetStreams Instance = new(); }

    public sealed record Streams(int Open, int MaxPerKey);
}
