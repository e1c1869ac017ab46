using System.Text.Json;
using WheelStrat.Cli.Output;

namespace WheelStrat.Cli.Commands;

public static class HealthCommand
{
    public static async Task<int> RunAsync(CliContext cx, bool connect, CancellationToken ct)
    {
        var answer = await cx.Client.GetAsync($"/health?connect={(connect ? "true" : "false")}", ct);
        if (answer.Body is not { } h || !answer.Reachable)
        {
            return cx.Report(answer);
        }

        var status = h.Str("status") ?? "unknown";
        if (cx.AsJson)
        {
            cx.Out.WriteLine(Json.Indented(h));
        }
        else
        {
            var table = new Table("field", "value")
                .Add("status", status)
                .Add("connected", h.Str("connected"))
                .Add("clientId", h.Str("clientId"))
                .Add("serverVersion", h.Str("serverVersion"))
                .Add("accounts", h.Str("accounts"))
                .Add("connectedSince", h.Str("connectedSince"))
                .Add("degradedReasons", Join(h.Str("degradedReasons"), h.Str("degradedSince") is { } since ? $"since {since}" : null))
                .Add("lastDisconnect", Join(h.Str("lastDisconnectAt"), h.Str("lastDisconnectReason")))
                .Add("lastIbError", Join(h.Str("lastIbErrorAt"), h.Str("lastIbErrorCode"), h.Str("lastIbErrorMessage")))
                .Add("reconnects", $"{h.Str("reconnectAttempts")} attempts, {h.Str("reconnectFailures")} failed; last error: {h.Str("lastReconnectError") ?? "-"}")
                .Add("nextReconnectAt", h.Str("nextReconnectAt"))
                .Add("heartbeat", $"last {h.Str("lastHeartbeatAt") ?? "-"}, {h.Str("heartbeatFailures")} failures; last error: {h.Str("lastHeartbeatError") ?? "-"}")
                .Add("ibConnectivityLost", Join(h.Str("ibConnectivityLost"), h.Str("ibConnectivityLostSince")))
                .Add("competingSession", Join(h.Str("competingSession"), h.Str("competingSessionAt"), h.Str("competingSessionNotices")))
                .Add("decodeErrors", Join(h.Str("decodeErrors"), h.Str("lastDecodeErrorAt"),
                    h.Str("lastDecodeErrorAt") is null ? null : $"message id {h.Str("lastDecodeErrorMessageId") ?? "unreadable"}:", h.Str("lastDecodeErrorReason")));
            if (h.Get("farms") is { ValueKind: JsonValueKind.Object } farms)
            {
                foreach (var farm in farms.EnumerateObject())
                {
                    var used = farm.Value.Str("used") == "false" ? " (not used by the bridge)" : "";
                    table.Add($"farm {farm.Name}", $"{farm.Value.Str("kind")} {farm.Value.Str("state")} since {farm.Value.Str("at")}{used}");
                }
            }

            cx.Out.Write(table);
        }

        return status switch
        {
            "ok" => ExitCodes.Ok,
            "degraded" => ExitCodes.Degraded,
            _ => ExitCodes.Unhealthy,
        };
    }

    private static string? Join(params string?[] parts) =>
        parts.All(p => p is null) ? null : string.Join(" ", parts.Where(p => p is not null));
}
