using System.Text;
using System.Text.Json;

namespace WheelStrat.EndToEnd.Support;

/// <summary>One server-sent event as a client parses it off the wire.</summary>
public sealed record SseEvent(string Type, string Data, long? Id)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement.Clone();
}

/// <summary>
/// A real /stream client over HTTP: parses the text/event-stream as it arrives (ids, events, data, comments) into
/// what it has seen so far, so a test can wait for what it expects. Disposing drops the connection.
/// </summary>
public sealed class SseClient : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _cts = new();
    private readonly List<SseEvent> _events = [];
    private readonly Task _reading;
    private int _comments;

    private SseClient(HttpResponseMessage response)
    {
        _response = response;
        _reading = Task.Run(ReadAsync);
    }

    public IReadOnlyList<SseEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public int Comments => Volatile.Read(ref _comments);

    /// <summary>The server ended the stream (a closed event, or the end of the body).</summary>
    public bool Ended => _reading.IsCompleted;

    /// <summary>GET /stream?query with <paramref name="key"/> (and Last-Event-ID when given); the response must be 200.</summary>
    public static async Task<SseClient> OpenAsync(string baseUrl, string query, string key = BridgeUnderTest.KeyA, long? lastEventId = null)
    {
        var response = await TryOpenAsync(baseUrl, query, key, lastEventId);
        if (!response.IsSuccessStatusCode)
        {
            Assert.Fail($"/stream?{query}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseClient(response);
    }

    /// <summary>The raw answer, for the refusals (4xx problems) a stream can get before it opens.</summary>
    public static async Task<HttpResponseMessage> TryOpenAsync(string baseUrl, string query, string key = BridgeUnderTest.KeyA, long? lastEventId = null)
    {
        var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/stream?" + query);
        request.Headers.Add("X-API-KEY", key);
        request.Headers.Add("Accept", "text/event-stream");
        if (lastEventId is { } id)
        {
            request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        using var opening = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, opening.Token);
    }

    public IEnumerable<SseEvent> Of(string type) => Events.Where(e => e.Type == type);

    public async Task<SseEvent> WaitForAsync(string type, Func<JsonElement, bool> match, string what, TimeSpan? within = null)
    {
        SseEvent? found = null;
        await SimulatedBridge.EventuallyAsync(() => (found = Of(type).FirstOrDefault(e => match(e.Json))) is not null, what, within ?? TimeSpan.FromSeconds(30),
            () => string.Join("\n", Events.TakeLast(8).Select(e => $"{e.Id} {e.Type} {e.Data[..Math.Min(e.Data.Length, 300)]}")));
        return found!;
    }

    private async Task ReadAsync()
    {
        try
        {
            await using var body = await _response.Content.ReadAsStreamAsync(_cts.Token);
            using var reader = new StreamReader(body, Encoding.UTF8);
            string? type = null;
            long? id = null;
            var data = new StringBuilder();
            while (await reader.ReadLineAsync(_cts.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Length > 0)
                    {
                        lock (_events)
                        {
                            _events.Add(new SseEvent(type ?? "message", data.ToString(), id));
                        }
                    }

                    type = null;
                    id = null;
                    data.Clear();
                }
                else if (line.StartsWith(':'))
                {
                    Interlocked.Increment(ref _comments);
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    type = line[7..];
                }
                else if (line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    id = long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data.Append(line[6..]);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
            // Dropped by the test (or the bridge went away): what arrived is what the test sees.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        _response.Dispose();
        await _reading;
        _cts.Dispose();
    }
}
