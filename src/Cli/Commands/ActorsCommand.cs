using WheelStrat.Cli.Output;

namespace WheelStrat.Cli.Commands;

public static class ActorsCommand
{
    public static async Task<int> RunAsync(CliContext cx, CancellationToken ct)
    {
        var answer = await cx.Client.GetAsync("/admin/actors", ct);
        if (!answer.IsSuccess || answer.Body is not { } body)
        {
            return cx.Report(answer);
        }

        if (cx.AsJson)
        {
            cx.Out.WriteLine(Json.Indented(body));
            return ExitCodes.Ok;
        }

        // The tree as indentation: one level per path segment under /user.
        var table = new Table("actor", "kind", "state", "restarts", "mailbox", "last message", "owns");
        foreach (var a in body.Get("actors").Items())
        {
            var path = a.Str("path") ?? "";
            var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var name = Uri.UnescapeDataString(segments.LastOrDefault() ?? path);
            table.Add(new string(' ', Math.Max(0, segments.Length - 2) * 2) + name,
                a.Str("kind"), a.Str("state"), a.Str("restarts"), a.Str("mailboxDepth"), a.Str("lastMessageAt"), a.Str("owns"));
        }

        cx.Out.WriteLine($"gateway: {body.Str("gateway")}, {body.Str("count")} actors");
        cx.Out.Write(table);
        return ExitCodes.Ok;
    }
}
