using System.Globalization;
using System.Text;
using System.Text.Json;
using Akka.Actor;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using WheelStrat.Actors.Streaming;

namespace WheelStrat.Api.Streaming;

/// <summary>
/// Writes one stream's buffer as text/event-stream: each event flushed as it comes, a comment line every heartbeat,
/// and, when the bridge ends the stream, a last <c>closed</c> event saying why and where to resume. Written by hand
/// rather than with TypedResults.ServerSentEvents because SseItem cannot carry the comment lines proxies need.
/// </summary>
public sealed class EventStreamResult(StreamBuffer buffer, IActorRef session, TimeSpan heartbeat, TimeSpan retry) : IResult
{
    public const string ContentType = "text/event-stream";

    private static readonly byte[] Heartbeat = Encoding.UTF8.GetBytes(": heartbeat\n\n");

    public async Task ExecuteAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        var response = http.Response;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";
        // nginx-style proxies read this; Caddy's route sets flush_interval -1 (ops/Caddyfile).
        response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var body = response.BodyWriter;
        try
        {
            await Write(body, $"retry: {(int)retry.TotalMilliseconds}\n: connected\n\n", ct);
            Task<bool>? readable = null;
            Task? beat = null;
            while (true)
            {
                readable ??= buffer.WaitToReadAsync(ct).AsTask();
                beat ??= Task.Delay(heartbeat, ct);
                if (await Task.WhenAny(readable, beat) == beat)
                {
                    await beat;
                    beat = null;
                    await body.WriteAsync(Heartbeat, ct);
                    await body.FlushAsync(ct);
                    continue;
                }

                if (!await readable)
                {
                    break;
                }

                readable = null;
                var text = new StringBuilder();
                // One buffer's worth per write: each take wakes the session to refill, so reading until the buffer is
                // empty could go on for as long as quotes come, with nothing sent meanwhile.
                for (var taken = 0; taken < buffer.Capacity && buffer.TryRead(out var e); taken++)
                {
                    Append(text, e);
                }

                await Write(body, text.ToString(), ct);
            }

            if (buffer.CloseReason is { } reason)
            {
                var closed = JsonSerializer.Serialize(new { reason, lastEventId = buffer.LastId }, StreamJson.Options);
                await Write(body, $"event: closed\ndata: {closed}\n\n", ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client left; the session stops through its ClientGone token.
        }
        finally
        {
            session.Tell(CloseStream.Instance);
        }
    }

    private static void Append(StringBuilder text, StreamEvent e)
    {
        if (e.Id is { } id)
        {
            text.Append("id: ").Append(id.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        // Bodies are single-line JSON, so one data line each.
        text.Append("event: ").Append(e.Type).Append('\n').Append("data: ").Append(e.Data).Append("\n\n");
    }

    private static async Task Write(System.IO.Pipelines.PipeWriter body, string text, CancellationToken ct)
    {
        await body.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
        await body.FlushAsync(ct);
    }
}
