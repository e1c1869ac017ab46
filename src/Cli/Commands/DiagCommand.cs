using WheelStrat.Cli.Output;

namespace WheelStrat.Cli.Commands;

/// <summary>
/// The checks of the old bridge_diagnostics.sh, each timed with a clear verdict: ping, health without
/// connecting, optionally one connect attempt, and (with a key) an authenticated executions call.
/// </summary>
public static class DiagCommand
{
    private sealed record Check(string Name, string Verdict, double Ms, string Detail);

    public static async Task<int> RunAsync(CliContext cx, bool connectOnce, bool haveKey, CancellationToken ct)
    {
        var checks = new List<Check>();

        var ping = await cx.Client.GetAsync("/ping", ct);
        checks.Add(new Check("ping", ping.IsSuccess ? "OK" : "FAIL", ping.Elapsed.TotalMilliseconds,
            ping.IsSuccess ? "process alive" : ping.Error ?? $"HTTP {(int?)ping.Status}"));

        if (ping.Reachable)
        {
            checks.Add(await HealthCheckAsync(cx, "health (connect=false)", "/health?connect=false", ct));
            if (connectOnce)
            {
                checks.Add(await HealthCheckAsync(cx, "health (connect=true)", "/health?connect=true", ct));
            }

            if (haveKey)
            {
                var executions = await cx.Client.GetAsync("/executions?limit=1", ct);
                checks.Add(new Check("executions (api key)",
                    executions.IsSuccess ? "OK" : executions.Status == System.Net.HttpStatusCode.Unauthorized ? "FAIL" : "WARN",
                    executions.Elapsed.TotalMilliseconds,
                    executions.IsSuccess ? "authenticated, journal answers" : $"HTTP {(int?)executions.Status}: {executions.Problem}"));
            }
            else
            {
                checks.Add(new Check("executions (api key)", "SKIP", 0, "no --api-key or WHEELSTRAT_API_KEY"));
            }
        }

        if (cx.AsJson)
        {
            cx.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(checks, new System.Text.Json.JsonSerializerOptions
            {
                WriteIndented = true,
                PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase,
            }));
        }
        else
        {
            var table = new Table("check", "verdict", "ms", "detail");
            foreach (var c in checks)
            {
                table.Add(c.Name, c.Verdict, Math.Round(c.Ms), c.Detail);
            }

            cx.Out.Write(table);
        }

        if (!ping.Reachable)
        {
            return ExitCodes.Unreachable;
        }

        return checks.Any(c => c.Verdict == "FAIL") ? ExitCodes.Unhealthy
            : checks.Any(c => c.Verdict == "WARN") ? ExitCodes.Degraded
            : ExitCodes.Ok;
    }

    private static async Task<Check> HealthCheckAsync(CliContext cx, string name, string path, CancellationToken ct)
    {
        var answer = await cx.Client.GetAsync(path, ct);
        var status = answer.Body?.Str("status") ?? "no answer";
        var verdict = status switch
        {
            "ok" => "OK",
            "degraded" => "WARN",
            _ => "FAIL",
        };
        var detail = status == "ok"
            ? $"connected, client {answer.Body?.Str("clientId")}"
            : $"{status}; last disconnect: {answer.Body?.Str("lastDisconnectReason") ?? "-"}; last error: {answer.Body?.Str("lastReconnectError") ?? answer.Error ?? "-"}";
        return new Check(name, verdict, answer.Elapsed.TotalMilliseconds, detail);
    }
}
