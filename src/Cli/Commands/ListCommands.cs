using WheelStrat.Cli.Output;

namespace WheelStrat.Cli.Commands;

/// <summary>Commands that fetch a list or one record and print it as a table.</summary>
public static class ListCommands
{
    /// <summary>The bridge checks both values: a bad one comes back as its 400 naming the field.</summary>
    public static Task<int> OrdersAsync(CliContext cx, string? status, int limit, CancellationToken ct) =>
        ShowAsync(cx, $"/orders?limit={limit}" + (status is null ? "" : $"&status={Uri.EscapeDataString(status)}"), b => ((System.Text.Json.JsonElement?)b).Items(), ["orderId", "idempotencyKey", "symbol", "action", "quantity", "orderType", "limitPrice", "status", "filled", "avgFillPrice", "uncertain"], ct);

    public static Task<int> ExecutionsAsync(CliContext cx, string? since, CancellationToken ct) =>
        ShowAsync(cx, since is null ? "/executions" : $"/executions?since={Uri.EscapeDataString(since)}",
            b => b.Get("items").Items(), ["time", "execId", "orderId", "symbol", "secType", "expiration", "strike", "right", "side", "quantity", "price", "commission"], ct);

    public static async Task<int> SyncAsync(CliContext cx, CancellationToken ct)
    {
        var answer = await cx.Client.PostAsync("/executions/sync", ct);
        if (!answer.IsSuccess || answer.Body is not { } body)
        {
            return cx.Report(answer);
        }

        cx.Out.WriteLine(cx.AsJson ? Json.Indented(body) : $"sync done in {answer.Elapsed.TotalMilliseconds:0} ms: {body.GetRawText()}");
        return ExitCodes.Ok;
    }

    public static async Task<int> QuoteAsync(CliContext cx, string symbol, string? expiration, string? strike, string? right, CancellationToken ct)
    {
        var path = $"/quote?symbol={Uri.EscapeDataString(symbol)}";
        if (expiration is not null || strike is not null || right is not null)
        {
            path += $"&secType=OPT&expiration={Uri.EscapeDataString(expiration ?? "")}&strike={Uri.EscapeDataString(strike ?? "")}&right={Uri.EscapeDataString(right ?? "")}";
        }

        var answer = await cx.Client.GetAsync(path, ct);
        if (!answer.IsSuccess || answer.Body is not { } q)
        {
            return cx.Report(answer);
        }

        if (cx.AsJson)
        {
            cx.Out.WriteLine(Json.Indented(q));
            return ExitCodes.Ok;
        }

        var table = new Table("field", "value");
        foreach (var field in new[] { "key", "bid", "ask", "last", "close", "volume", "openInterest", "impliedVolatility", "historicalVolatility", "marketDataType", "asOf", "complete", "notices" })
        {
            table.Add(field, q.Str(field));
        }

        if (q.Get("greeks") is { } g)
        {
            table.Add("greeks", $"delta {g.Str("delta")} gamma {g.Str("gamma")} vega {g.Str("vega")} theta {g.Str("theta")} iv {g.Str("impliedVol")} ({g.Str("source")})");
        }

        cx.Out.Write(table);
        return ExitCodes.Ok;
    }

    public static Task<int> HistoryAsync(CliContext cx, string symbol, string? expiration, string? strike, string? right, string duration, string barSize, string? end, CancellationToken ct)
    {
        var path = $"/history?symbol={Uri.EscapeDataString(symbol)}&duration={Uri.EscapeDataString(duration)}&barSize={Uri.EscapeDataString(barSize)}";
        if (expiration is not null || strike is not null || right is not null)
        {
            path += $"&secType=OPT&expiration={Uri.EscapeDataString(expiration ?? "")}&strike={Uri.EscapeDataString(strike ?? "")}&right={Uri.EscapeDataString(right ?? "")}";
        }

        if (end is not null)
        {
            path += $"&end={Uri.EscapeDataString(end)}";
        }

        return ShowAsync(cx, path, b => b.Get("bars").Items(), ["time", "open", "high", "low", "close", "volume", "count"], ct);
    }

    public static async Task<int> JobsAsync(CliContext cx, string? id, CancellationToken ct)
    {
        var answer = await cx.Client.GetAsync(id is null ? "/history/jobs" : $"/history/jobs/{Uri.EscapeDataString(id)}", ct);
        if (!answer.IsSuccess || answer.Body is not { } body)
        {
            return cx.Report(answer);
        }

        if (cx.AsJson)
        {
            cx.Out.WriteLine(Json.Indented(body));
            return ExitCodes.Ok;
        }

        var jobs = id is null ? ((System.Text.Json.JsonElement?)body).Items().ToList() : [body];
        var table = new Table("id", "symbol", "barSize", "state", "planned", "done", "failed", "bars", "ibRequests", "timeLeft", "submittedAt");
        foreach (var j in jobs)
        {
            table.Add(j.Str("id"), j.Get("spec")?.Str("symbol"), j.Get("spec")?.Str("barSize"), j.Str("state"), j.Str("planned"), j.Str("done"), j.Str("failed"),
                j.Str("bars"), j.Str("ibRequests"), j.Str("estimatedTimeLeft"), j.Str("submittedAt"));
        }

        cx.Out.Write(table);
        foreach (var j in jobs)
        {
            foreach (var error in j.Get("errors")?.EnumerateObject() ?? Enumerable.Empty<System.Text.Json.JsonProperty>())
            {
                cx.Out.WriteLine($"{j.Str("id")} {error.Name}: {error.Value}");
            }
        }

        return ExitCodes.Ok;
    }

    private static async Task<int> ShowAsync(CliContext cx, string path, Func<System.Text.Json.JsonElement, IEnumerable<System.Text.Json.JsonElement>> rows, string[] columns, CancellationToken ct)
    {
        var answer = await cx.Client.GetAsync(path, ct);
        if (!answer.IsSuccess || answer.Body is not { } body)
        {
            return cx.Report(answer);
        }

        if (cx.AsJson)
        {
            cx.Out.WriteLine(Json.Indented(body));
            return ExitCodes.Ok;
        }

        var table = new Table(columns);
        var count = 0;
        foreach (var row in rows(body))
        {
            table.Add([.. columns.Select(c => row.Str(c))]);
            count++;
        }

        cx.Out.Write(table);
        cx.Out.WriteLine($"{count} rows");
        return ExitCodes.Ok;
    }
}
