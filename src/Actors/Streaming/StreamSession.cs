using System.Text.Json;
using Akka.Actor;
using WheelStrat.Actors.Diagnostics;
using WheelStrat.Actors.Gateway;
using WheelStrat.Actors.MarketData;
using WheelStrat.Actors.Replies;
using static WheelStrat.Actors.MarketData.MarketDataProtocol;
using static WheelStrat.Actors.Streaming.StreamsProtocol;

namespace WheelStrat.Actors.Streaming;

/// <summary>
/// One open /stream: subscribes to each instrument's line and follows the feed, and turns what they send into
/// events in the stream's bounded buffer. A full buffer never makes it wait or grow: the latest quote per instrument
/// waits here (so quotes coalesce; the one waiting longest goes first), the client's next read wakes it to pass them
/// on, and an order or execution event that does not fit closes the stream with a reason — the client resumes from
/// the last id it got and the feed replays the rest. Stops when the client leaves; the lines see it go and release
/// themselves when it was their last stream.
/// </summary>
public sealed class StreamSession : ObservedActor, IWithTimers
{
    private const string DeadlineKey = "deadline";
    private const string ReportKey = "report";
    private static readonly TimeSpan ReportEvery = TimeSpan.FromMilliseconds(250);

    private readonly OpenStream _request;
    private readonly IActorRef _opener;
    private readonly IActorRef _marketData;
    private readonly IActorRef _feed;
    private readonly GatewayHealthBoard _health;
    private readonly StreamBuffer _buffer;
    private readonly HashSet<string> _unsubscribed;
    private readonly Dictionary<string, QuoteSnapshot> _waitingQuotes = [];
    private readonly Queue<string> _waitingOrder = new();
    private Action _wake = null!;
    private bool _feedAnswered;
    private string? _lastHealth;
    private long _coalesced;
    private CancellationTokenRegistration _clientGone;

    public StreamSession(OpenStream request, IActorRef opener, IActorRef marketData, IActorRef feed, StreamingOptions options, GatewayHealthBoard health)
    {
        _request = request;
        _opener = opener;
        _marketData = marketData;
        _feed = feed;
        _health = health;
        _buffer = request.Buffer;
        _unsubscribed = [.. request.Instruments.Select(i => i.Key)];
        _feedAnswered = !(request.Orders || request.Executions);
        Opening();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override string Kind => "stream";

    protected override string? Owns => string.Join(",", _request.Instruments.Select(i => i.Key));

    protected override void PreStart()
    {
        // However the HTTP side ends (client gone, an Ask that gave up), the stream and its lines go with it.
        var self = Self;
        _clientGone = _request.ClientGone.Register(() => self.Tell(CloseStream.Instance));
        _wake = () => self.Tell(Drain.Instance);
        foreach (var spec in _request.Instruments)
        {
            _marketData.Tell(new SubscribeQuotes(spec));
        }

        if (!_feedAnswered)
        {
            _feed.Tell(new StreamFeedProtocol.Follow(_request.After, _request.Orders, _request.Executions));
        }

        if (_request.Health)
        {
            Context.System.EventStream.Subscribe(Self, typeof(GatewayProtocol.HealthChanged));
            OnHealth(_health.Current);
        }

        Timers.StartSingleTimer(DeadlineKey, OpenDeadline.Instance, _request.NotAfter.Remaining(DateTimeOffset.UtcNow));
        ReportState("opening");
        OpenIfReady();
    }

    protected override void PostStop()
    {
        // The reader sees the end (or the reason, when the bridge closed it) once it has sent what is buffered.
        _buffer.Abandon();
        _clientGone.Dispose();
        base.PostStop();
    }

    /// <summary>Waiting for every line's acknowledgement and the feed's replay; events already go to the buffer.</summary>
    private void Opening()
    {
        Receive<QuotesSubscribed>(m =>
        {
            _unsubscribed.Remove(m.Key);
            OpenIfReady();
        });
        Receive<QuotesRefused>(m =>
        {
            _opener.Tell(m.Failure is NotFound or Rejected
                ? new OpenStreamReply.Refused(m.Key, m.Failure.Message)
                : OpenStreamReply.Failing(m.Failure));
            Context.Stop(Self);
        });
        Receive<StreamFeedProtocol.Following>(m =>
        {
            OnFollowing(m);
            _feedAnswered = true;
            OpenIfReady();
        });
        Receive<OpenDeadline>(_ =>
        {
            _opener.Tell(OpenStreamReply.Failing(new TimedOut(_unsubscribed.Count > 0
                ? $"IB did not confirm {string.Join(", ", _unsubscribed)} in time"
                : "the event feed did not answer in time")));
            Context.Stop(Self);
        });
        Streaming();
    }

    /// <summary>What both states do with what arrives.</summary>
    private void Streaming()
    {
        Receive<QuoteUpdate>(m => OfferQuote(m.Quote));
        Receive<QuoteLineClosed>(m => Write(new StreamEvent("notice", JsonSerializer.Serialize(new { instrument = m.Key, message = m.Reason }, StreamJson.Options))));
        Receive<FeedEntry>(e => WriteOrClose(new StreamEvent(e.Kind, e.Json, e.Seq)));
        Receive<GatewayProtocol.HealthChanged>(m => OnHealth(m.Health));
        Receive<Drain>(_ => DrainQuotes());
        Receive<Report>(_ => ReportState(Describe()));
        Receive<CloseStream>(_ => Context.Stop(Self));
    }

    private void OpenIfReady()
    {
        if (_unsubscribed.Count > 0 || !_feedAnswered)
        {
            return;
        }

        Timers.Cancel(DeadlineKey);
        _opener.Tell(new OpenStreamReply.Opened(Self));
        Become(Streaming);
        ReportState(Describe());
        // The buffer's fill changes without a message here (the client reads): /admin/actors shows it as of the last beat.
        Timers.StartPeriodicTimer(ReportKey, Report.Instance, ReportEvery);
    }

    private void OnFollowing(StreamFeedProtocol.Following m)
    {
        if (m.Reset)
        {
            // Older than the window: a replay would have holes. Say so, and carry on from the newest id.
            WriteOrClose(new StreamEvent("reset", JsonSerializer.Serialize(new
            {
                reason = $"id {_request.After} is outside the resume window ({m.Oldest}..{m.Latest}); reload /orders and /executions",
                oldest = m.Oldest,
                latest = m.Latest,
            }, StreamJson.Options), m.Latest));
        }

        foreach (var e in m.Missed)
        {
            if (!WriteOrClose(new StreamEvent(e.Kind, e.Json, e.Seq)))
            {
                return;
            }
        }
    }

    private void OnHealth(GatewayHealth h)
    {
        var body = JsonSerializer.Serialize(new { status = h.Status, connected = h.Connected, degradedReasons = h.DegradedReasons }, StreamJson.Options);
        if (body == _lastHealth)
        {
            return;
        }

        _lastHealth = body;
        Write(new StreamEvent("health", body));
    }

    /// <summary>A quote that does not fit waits here, replaced by newer ones, until the client has read some events.</summary>
    private void OfferQuote(QuoteSnapshot quote)
    {
        // Serialized only once it fits: a stalled client costs a dictionary slot per instrument, nothing more. A
        // newer quote takes the waiting one's place in the line, so a busy instrument cannot push a quiet one back.
        if (_waitingQuotes.ContainsKey(quote.Key))
        {
            _coalesced++;
        }
        else
        {
            _waitingOrder.Enqueue(quote.Key);
        }

        _waitingQuotes[quote.Key] = quote;
        DrainQuotes();
    }

    private void DrainQuotes()
    {
        while (_waitingOrder.Count > 0 && _buffer.HasRoom)
        {
            var key = _waitingOrder.Dequeue();
            _buffer.TryWrite(QuoteEvent(_waitingQuotes[key]));
            _waitingQuotes.Remove(key);
        }

        if (_waitingOrder.Count > 0)
        {
            _buffer.WakeWhenRoom(_wake);
            ReportState(Describe());
        }
    }

    private void Write(StreamEvent e)
    {
        // Health and notices are rare; when even they do not fit, the client is far behind and the next one says it.
        _buffer.TryWrite(e);
    }

    private bool WriteOrClose(StreamEvent e)
    {
        if (_buffer.TryWrite(e))
        {
            return true;
        }

        var resume = _buffer.LastId ?? _request.After;
        _buffer.Close($"the client read too slowly: {_buffer.Capacity} events were waiting; reconnect with Last-Event-ID {resume?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"} to get the rest");
        Context.Stop(Self);
        return false;
    }

    private string Describe() =>
        $"streaming: {_buffer.Count}/{_buffer.Capacity} buffered, {_waitingQuotes.Count} quotes waiting, {_coalesced} coalesced";

    private static StreamEvent QuoteEvent(QuoteSnapshot quote) => new("quote", JsonSerializer.Serialize(quote, StreamJson.Options));

    private sealed record OpenDeadline { public static readonly OpenDeadline Instance = new(); }

    private sealed record Report { public static readonly Report Instance = new(); }

    private sealed record Drain { public static readonly Drain Instance = new(); }
}

/// <summary>The client left: stop the stream.</summary>
public sealed record CloseStream { public static readonly CloseStream Instance = new(); }
