using Akka.Actor;
using WheelStrat.Actors.Diagnostics;
using WheelStrat.Actors.Gateway;
using WheelStrat.Actors.Replies;
using static WheelStrat.Actors.Streaming.StreamsProtocol;
using WheelStrat.Actors.Spawning;

namespace WheelStrat.Actors.Streaming;

/// <summary>
/// /user/streams: one <see cref="StreamSession"/> child per open /stream, and the per-key limit, counted here so two
/// streams opening at once cannot both take the last place.
/// </summary>
public sealed class StreamsActor : ObservedActor
{
    private readonly IActorRef _marketData;
    private readonly IActorRef _feed;
    private readonly StreamingOptions _options;
    private readonly GatewayHealthBoard _health;
    private readonly Dictionary<IActorRef, string> _clients = [];
    private long _next;

    public StreamsActor(IActorRef marketData, IActorRef feed, StreamingOptions options, GatewayHealthBoard health)
    {
        _marketData = marketData;
        _feed = feed;
        _options = options;
        _health = health;

        Receive<OpenStream>(OnOpen);
        Receive<GetStreams>(_ => Sender.Tell(new Streams(_clients.Count, _options.MaxStreamsPerKey)));
        Receive<Terminated>(t =>
        {
            _clients.Remove(t.ActorRef);
            ReportState($"{_clients.Count} open");
        });
    }

    protected override string Kind => "streams";

    private void OnOpen(OpenStream m)
    {
        if (Sender.AnsweredLate(m, DateTimeOffset.UtcNow))
        {
            return;
        }

        if (_clients.Values.Count(c => c == m.Client) >= _options.MaxStreamsPerKey)
        {
            Sender.Tell(new OpenStreamReply.TooMany(_options.MaxStreamsPerKey));
            return;
        }

        var opener = Sender;
        var session = Context.ActorOf(
            FactoryProps.Of(() => new StreamSession(m, opener, _marketData, _feed, _options, _health)),
            $"stream-{++_next}");
        Context.Watch(session);
        _clients[session] = m.Client;
        ReportState($"{_clients.Count} open");
    }
}
