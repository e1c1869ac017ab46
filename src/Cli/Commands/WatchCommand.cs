using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using WheelStrat.Cli.Output;

namespace WheelStrat.Cli.Commands;

/// <summary>
/// wsctl watch: GET /stream, one line per event as it comes. A dropped connection is resumed with the last id
/// (as EventSource does), so order and execution events are neither lost nor repeated across a drop.
/// </summary>
public static class WatchCommand
{
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(CliContext cx, IReadOnlyList<string> instruments, bool orders, bool executions, bool health, long? after, int maxEvents, CancellationToken ct)
    {
        var query = new List<string> { $"orders={Flag(orders)}", $"executions={Flag(executions)}", $"health={Flag(health)}" };
        if (instruments.Count > 0)
        {
            query.Add("instruments=" + Uri.EscapeDataString(string.Join(",", instruments)));
        }

        var path = "/stream?" + string.Join("&", query);
        var lastId = after;
        var printed = 0;
        var everOpened = false;
        while (!ct.IsCancellationRequested)
        {
            using var response = await cx.Client.OpenStreamAsync(path, lastId, ct);
            if (response is null)
            {
                if (!everOpened)
                {
                    await Console.Error.WriteLineAsync("unreachable: the bridge did not answer");
                    return ExitCodes.Unreachable;
                }
            }
            else if (!response.IsSuccessStatusCode)
            {
                var text = await response.Content.ReadAsStringAsync(ct);
                JsonElement? body = text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : null;
                return cx.Report(new BridgeAnswer(response.StatusCode, body, TimeSpan.Zero, null));
            }
            else
            {
                everOpened = true;
                var (last, count, done) = await ReadAsync(cx, response, lastId, maxEvents - printed, ct);
                lastId = last;
                printed += count;
                if (done)
                {
                    return ExitCodes.Ok;
                }
            }

            await Console.Error.WriteLineAsync($"stream ended; reconnecting in {Reconnect.TotalSeconds:0} s" + (lastId is null ? "" : $" from id {lastId}"));
            await Task.Delay(Reconnect, ct);
        }

        return ExitCodes.Ok;
    }

    private static async Task<(long? LastId, int Count, bool Done)> ReadAsync(CliContext cx, HttpResponseMessage response, long? lastId, int left, CancellationToken ct)
    {
        var count = 0;
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            using var reader = new StreamReader(body, Encoding.UTF8);
            string? type = null;
            long? id = null;
            var data = new StringBuilder();
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                if (line.Length > 0)
                {
                    if (line.StartsWith("event: ", StringComparison.Ordinal))
                    {
                        type = line[7..];
                    }
                    else if (line.StartsWith("id: ", StringComparison.Ordinal) && long.TryParse(line[4..], CultureInfo.InvariantCulture, out var parsed))
                    {
                        id = parsed;
                    }
                    else if (line.StartsWith("data: ", StringComparison.Ordinal))
                    {
                        data.Append(line[6..]);
                    }

                    continue;
                }

                if (data.Length > 0)
                {
                    Print(cx, type ?? "message", id, data.ToString());
                    lastId = id ?? lastId;
                    if (++count >= left)
                    {
                        return (lastId, count, true);
                    }
                }

                (type, id) = (null, null);
                data.Clear();
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            // The connection dropped: the caller reconnects from the last id.
        }

        return (lastId, count, false);
    }

    private static void Print(CliContext cx, string type, long? id, string data)
    {
        var e = JsonDocument.Parse(data).RootElement;
        if (cx.AsJson)
        {
            cx.Out.WriteLine(JsonSerializer.Serialize(new { @event = type, id, data = e }));
            cx.Out.Flush();
            return;
        }

        var text = type switch
        {
            "quote" => $"{e.Str("key")}  bid {e.Str("bid")}  ask {e.Str("ask")}  last {e.Str("last")}" + (e.Get("greeks") is { } g ? $"  delta {g.Str("delta")}" : "") + (e.Str("stale") == "true" ? "  STALE" : ""),
            "order" => $"{e.Str("idempotencyKey")}  #{e.Str("orderId")}  {e.Str("status")}  {e.Str("action")} {e.Str("quantity")} {e.Str("symbol")}  filled {e.Str("filled")} @ {e.Str("avgFillPrice")}",
            "execution" => $"{e.Str("execId")}  {e.Str("side")} {e.Str("quantity")} {e.Str("symbol")} @ {e.Str("price")}  commission {e.Str("commission")}  ({e.Str("orderRef")})",
            "health" => $"{e.Str("status")}" + (e.Get("degradedReasons") is { ValueKind: JsonValueKind.Array } r && r.GetArrayLength() > 0 ? $"  {string.Join("; ", r.EnumerateArray())}" : ""),
            _ => data,
        };
        cx.Out.WriteLine($"{DateTime.Now:HH:mm:ss.fff}  {type,-9}  {(id is null ? "" : $"[{id}] ")}{text}");
        cx.Out.Flush();
    }

    private static string Flag(bool b) => b ? "true" : "false";
}
