using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace WheelStrat.Cli;

/// <summary>One HTTP answer from the bridge, timed.</summary>
public sealed record BridgeAnswer(HttpStatusCode? Status, JsonElement? Body, TimeSpan Elapsed, string? Error)
{
    public bool Reachable => Status is not null;

    public bool IsSuccess => Status is { } s && (int)s is >= 200 and < 300;

    /// <summary>Problem details' "detail" (or "title") when the bridge refused.</summary>
    public string Problem => Body is { ValueKind: JsonValueKind.Object } b
        ? b.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()!
          : b.TryGetProperty("title", out var t) ? t.GetString() ?? "" : ""
        : Error ?? "";

    /// <summary>" (try again in N s)" when the bridge said when to come back (a 429 for IB's history pacing), else empty.</summary>
    public string RetryHint => Body is { ValueKind: JsonValueKind.Object } b && b.TryGetProperty("retryAfterSeconds", out var r) && r.TryGetInt32(out var seconds)
        ? $" (try again in {seconds} s)"
        : "";

    /// <summary>The exit code for a command whose only job was this call.</summary>
    public int ExitCode => Status switch
    {
        null => ExitCodes.Unreachable,
        HttpStatusCode.Unauthorized => ExitCodes.Unauthorized,
        _ when IsSuccess => ExitCodes.Ok,
        _ => ExitCodes.Failed,
    };
}

/// <summary>Talks to the bridge's REST API with the operator's key.</summary>
public sealed class BridgeClient(Uri baseUrl, string? apiKey, TimeSpan timeout) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseUrl, Timeout = timeout };

    public Task<BridgeAnswer> GetAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Get, path, null, ct);

    public Task<BridgeAnswer> PostAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Post, path, null, ct);

    public async Task<BridgeAnswer> SendAsync(HttpMethod method, string path, string? json, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (!string.IsNullOrEmpty(apiKey))
        {
            request.Headers.Add("X-API-KEY", apiKey);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await _http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            JsonElement? body = null;
            if (text.Length > 0)
            {
                try
                {
                    body = JsonDocument.Parse(text).RootElement.Clone();
                }
                catch (JsonException)
                {
                    body = JsonDocument.Parse(JsonSerializer.Serialize(text)).RootElement.Clone();
                }
            }

            return new BridgeAnswer(response.StatusCode, body, clock.Elapsed, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new BridgeAnswer(null, null, clock.Elapsed, ex is TaskCanceledException ? $"no answer within {timeout.TotalSeconds:0}s" : ex.Message);
        }
    }

    /// <summary>
    /// GET a text/event-stream: the answer once its headers are in (the timeout covers only that); the caller reads
    /// the body for as long as it lives. Null when the bridge cannot be reached.
    /// </summary>
    public async Task<HttpResponseMessage?> OpenStreamAsync(string path, long? lastEventId, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (!string.IsNullOrEmpty(apiKey))
        {
            request.Headers.Add("X-API-KEY", apiKey);
        }

        if (lastEventId is { } id)
        {
            request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}
