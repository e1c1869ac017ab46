using Akka.Actor;
using WheelStrat.Actors.Contracts;
using WheelStrat.Actors.Replies;

namespace WheelStrat.Actors.Streaming;

public static class StreamsProtocol
{
    /// <summary>
    /// Opens one /stream for <paramref name="Client"/> (a hash of its API key). Replies <see cref="StreamOpened"/> once
    /// every instrument has a line and the feed answered, <see cref="StreamRefused"/> for a bad instrument, <see cref="TooManyStreams"/>,
    /// or a Failed (Unavailable: no line free; TimedOut). The session stops by itself once <paramref name="ClientGone"/> fires.
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
        CancellationToken ClientGone) : IWithDeadline;

    /// <summary>This key already holds <paramref name="Limit"/> streams (Streaming:MaxStreamsPerKey).</summary>
    public sealed record TooManyStreams(int Limit) : IReplyTo<OpenStream>;

    /// <summary>Stop <paramref name="Session"/> when the client leaves.</summary>
    public sealed record StreamOpened(IActorRef Session) : IReplyTo<OpenStream>;

    /// <summary>The instrument cannot be streamed (IB does not know it): a 400 before the stream opens.</summary>
    public sealed record StreamRefused(string Instrument, string Reason) : IReplyTo<OpenStream>;

    /// <summary>Open streams per client, for /admin and the limit.</summary>
    public sealed class GetStreams
    {
        public static readonly GetStreams Instance = new();

        private GetStreams()
        {
        }
    }

    public sealed record Streams(int Open, int MaxPerKey);
}
